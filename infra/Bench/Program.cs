using Shuangsuiji.Bench;

// infra/dev.sh bench NAME runs this with the platform up; the last line printed is the benchmark's result.
var name = args.FirstOrDefault() ?? "";
var size = args.Length > 1 && int.TryParse(args[1], out var n) ? n : (int?)null;
var result = name switch
{
    "import" => await ImportBench.RunAsync(size ?? 1_000_000),
    "lookup" => await LookupBench.RunAsync(size ?? 10_000_000),
    "results" => await ResultsBench.RunAsync(size ?? 10_000),
    "disclosure" => await DisclosureBench.RunAsync(size ?? 6_000),
    "draw" => await DrawBench.RunAsync(size ?? 10_000_000, args.Length > 2 && int.TryParse(args[2], out var changes) ? changes : 1_000_000),
    _ => null,
};
if (result is null)
{
    Console.Error.WriteLine("usage: Shuangsuiji.Bench import [rows] | lookup [entities] | draw [candidates] [changes] | results [entries] | disclosure [approvals]");
    return 2;
}
Console.WriteLine(result);
return 0;

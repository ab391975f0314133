using Shuangsuiji.Bench;

// infra/dev.sh bench NAME runs this with the platform up; the last line printed is the benchmark's result.
var name = args.FirstOrDefault() ?? "";
var result = name switch
{
    "import" => await ImportBench.RunAsync(Size(1) ?? 1_000_000),
    "lookup" => await LookupBench.RunAsync(Size(1) ?? 10_000_000),
    "results" => await ResultsBench.RunAsync(Size(1) ?? 10_000),
    "disclosure" => await DisclosureBench.RunAsync(Size(1) ?? 6_000, Size(2) ?? 1_000_000),
    "draw" => await DrawBench.RunAsync(Size(1) ?? 10_000_000, Size(2) ?? 1_000_000),
    "console" => await ConsoleBench.RunAsync(Size(1) ?? 10_000_000),
    _ => null,
};
if (result is null)
{
    Console.Error.WriteLine("usage: Shuangsuiji.Bench import [rows] | lookup [entities] | draw [candidates] [changes] | results [entries] | disclosure [approvals] [records] | console [entities]");
    return 2;
}
Console.WriteLine(result);
return 0;

int? Size(int position) => args.Length > position && int.TryParse(args[position], out var n) ? n : null;

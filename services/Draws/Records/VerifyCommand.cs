namespace Shuangsuiji.Draws.Records;

/// <summary>
/// <c>dotnet run --project services/Draws -- verify RECORD.json [--candidates DIR]</c>: replays a public draw
/// record; with DIR (one file per stratum, LABEL.txt, a USCC per line, as the gateway serves them) it checks the
/// candidate lists' hashes and the selected entities too. Exit code 0: the record holds; 1: it does not (every
/// mismatch is printed); 2: the command was wrong.
/// </summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["verify", var path, ..] || !File.Exists(path))
        {
            Console.Error.WriteLine("usage: Shuangsuiji.Draws verify RECORD.json [--candidates DIR]");
            return 2;
        }
        var directory = args.SkipWhile(a => a != "--candidates").Skip(1).FirstOrDefault();
        DrawRecord record;
        try
        {
            record = DrawRecord.FromJson(await File.ReadAllTextAsync(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            Console.Error.WriteLine($"{path}: not a draw record: {e.Message}");
            return 2;
        }
        IReadOnlyList<string>? Candidates(string label) =>
            directory is not null && Path.Combine(directory, $"{label}.txt") is var file && File.Exists(file)
                ? File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToList()
                : null;
        var problems = Verifier.Verify(record, Candidates);
        foreach (var problem in problems) Console.WriteLine($"MISMATCH {problem}");
        Console.WriteLine(problems.Count == 0
            ? $"OK draw {record.DrawId}: seed, {record.Strata.Count} strata ({record.Strata.Sum(s => s.SampleSize)} entities) and {record.Matches.Count} matches replayed"
              + (directory is null ? " (candidate lists not checked)" : "")
            : $"FAILED draw {record.DrawId}: {problems.Count} mismatches");
        return problems.Count == 0 ? 0 : 1;
    }
}

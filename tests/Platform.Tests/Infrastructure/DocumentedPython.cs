using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// Runs the Python a page of docs/ shows, as its reader would: the page's first ```python block, saved beside the files
/// it reads, with python3 (infra/dev.sh test installs it where it is missing).
/// </summary>
public static partial class DocumentedPython
{
    /// <summary>Replays a saved draw record with the Python of docs/draw-verification.md, its candidate lists as LABEL.txt beside it.</summary>
    public static Task<string> Replay(string recordJson, IReadOnlyDictionary<string, IReadOnlyList<string>> lists) =>
        Run("draw-verification.md", new Dictionary<string, string>(lists.ToDictionary(l => $"{l.Key}.txt", l => string.Join("\n", l.Value) + "\n"))
        {
            ["record.json"] = recordJson,
        }, "record.json");

    /// <summary>The script's last line of output when it exits 0, else its exit code and the last line it wrote to stderr.</summary>
    public static async Task<string> Run(string page, IReadOnlyDictionary<string, string> files, params string[] args)
    {
        var markdown = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "docs", page));
        var code = PythonBlock().Match(markdown) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"docs/{page} has no ```python block");
        var dir = Directory.CreateTempSubdirectory("ssyg-docs-python-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "script.py"), code);
            foreach (var (name, text) in files) await File.WriteAllTextAsync(Path.Combine(dir, name), text);
            var start = new ProcessStartInfo("python3") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("script.py");
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
            var output = python.StandardOutput.ReadToEndAsync();
            var errors = python.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await python.WaitForExitAsync(timeout.Token);
            return python.ExitCode == 0
                ? (await output).TrimEnd().Split('\n')[^1]
                : $"exit {python.ExitCode}: {(await errors).TrimEnd().Split('\n')[^1]}";
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [GeneratedRegex("```python\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}

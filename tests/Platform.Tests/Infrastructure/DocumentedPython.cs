using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// Runs the Python the docs give, as their reader would, with python3 (infra/dev.sh test installs Debian's, with its
/// cryptography package, where they are missing): a page's first ```python block saved beside the files it reads, or a
/// script of docs/. Without python3 a test fails saying so: these runs are the only proof that the docs' Python works.
/// </summary>
public static partial class DocumentedPython
{
    /// <summary>
    /// Replays a saved draw record with the Python of docs/draw-verification.md, its candidate lists beside it as LABEL.txt
    /// with the text the gateway served.
    /// </summary>
    public static Task<string> Replay(string recordJson, IReadOnlyDictionary<string, string> candidateFiles) =>
        Run("draw-verification.md", new Dictionary<string, string>(candidateFiles.ToDictionary(l => $"{l.Key}.txt", l => l.Value))
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
            var (exit, output, errors) = await Python(dir, ["script.py", .. args]);
            return exit == 0 ? output.TrimEnd().Split('\n')[^1] : $"exit {exit}: {errors.TrimEnd().Split('\n')[^1]}";
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Runs a script of docs/ (e.g. audit-checkpoints.py) with the arguments, as its usage line shows.</summary>
    public static Task<(int Exit, string Output, string Errors)> Script(string name, params string[] args) =>
        Python(null, [Path.Combine(TestEnvironment.RepositoryRoot, "docs", name), .. args]);

    private static async Task<(int Exit, string Output, string Errors)> Python(string? directory, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (directory is not null) start.WorkingDirectory = directory;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process python;
        try
        {
            python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("python3 is not on PATH: the docs' Python cannot be checked (infra/dev.sh test installs it)", e);
        }
        using (python)
        {
            var output = python.StandardOutput.ReadToEndAsync();
            var errors = python.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await python.WaitForExitAsync(timeout.Token);
            return (python.ExitCode, await output, await errors);
        }
    }

    [GeneratedRegex("```python\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}

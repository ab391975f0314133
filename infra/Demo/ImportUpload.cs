using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Demo;

/// <summary>
/// Streams a CSV file through the gateway's import call, as an integrating system does, and follows the job's
/// progress to its end. The file is written as it is produced: millions of rows never sit in memory.
/// </summary>
public static class ImportUpload
{
    public static async Task<(ImportJob Job, TimeSpan Took)> RunAsync(GrpcChannel channel, Metadata caller, string department, ImportKind kind,
        string fileName, Func<Func<ReadOnlyMemory<byte>, Task>, Task> writeFile, Action<ImportJob>? progress = null)
    {
        var imports = new DirectoryImports.DirectoryImportsClient(channel);
        var watch = Stopwatch.StartNew();
        using var call = imports.Import(caller);
        await call.RequestStream.WriteAsync(new ImportChunk
        {
            Header = new ImportHeader { DepartmentId = department, Kind = kind, Format = FileFormat.Csv, FileName = fileName },
        });
        var upload = Task.Run(async () =>
        {
            await writeFile(chunk => call.RequestStream.WriteAsync(new ImportChunk { Data = ByteString.CopyFrom(chunk.Span) }));
            await call.RequestStream.CompleteAsync();
        });
        ImportJob last = new();
        await foreach (var job in call.ResponseStream.ReadAllAsync())
        {
            last = job;
            progress?.Invoke(job);
        }
        await upload;
        if (last.Status != ImportStatus.Completed) throw new InvalidOperationException($"the import of {fileName} ended {last.Status}: {last.Failure}");
        return (last, watch.Elapsed);
    }

    /// <summary>CSV lines (the header first) written in chunks of about 32 KB.</summary>
    public static Func<Func<ReadOnlyMemory<byte>, Task>, Task> Csv(IEnumerable<string> lines) => async write =>
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
            if (text.Length < 1 << 15) continue;
            await write(Encoding.UTF8.GetBytes(text.ToString()));
            text.Clear();
        }
        if (text.Length > 0) await write(Encoding.UTF8.GetBytes(text.ToString()));
    };
}

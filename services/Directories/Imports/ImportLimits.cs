using System.IO.Compression;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

/// <summary>
/// How big an import may be (settings Directories:Imports): one upload must not fill the service's memory, disk or
/// time. A file refused for its size is refused with the limit named; one that runs over a limit part-way ends its job as
/// failed with the batches before kept, as any failed import does (imports are upserts: the file can be split and sent
/// again).
/// </summary>
public sealed class ImportLimits
{
    public const string Section = "Directories:Imports";

    /// <summary>The bytes of one uploaded file: 4 GiB, twice a CSV of ten million entities.</summary>
    public long MaxFileBytes { get; set; } = 4L << 30;

    /// <summary>The rows of one file after its header.</summary>
    public int MaxRows { get; set; } = 20_000_000;

    /// <summary>The characters of one CSV line: a longer line is rejected (with its number) and reading goes on after it.</summary>
    public int MaxLineLength { get; set; } = 16_384;

    /// <summary>What a workbook may unpack to, whatever its entries declare: a small zip can unpack to terabytes.</summary>
    public long MaxXlsxUnpackedBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Where a workbook is copied to be read (a zip is read from its end): in a container a volume of its own, not the
    /// image's small /tmp. Empty: the system's temporary folder.
    /// </summary>
    public string TempPath { get; set; } = "";

    public string TempFolder => TempPath is { Length: > 0 } path ? Directory.CreateDirectory(path).FullName : Path.GetTempPath();

    public InvalidFieldException FileTooLarge() => new("file", $"is larger than {MaxFileBytes} bytes ({Section}:MaxFileBytes)",
        $"文件超过 {Size(MaxFileBytes)} 的上限", DirectoriesReasons.FileTooLarge.About(MaxFileBytes));

    public InvalidFieldException TooManyRows() => new("file", $"has more than {MaxRows} rows ({Section}:MaxRows)",
        $"文件超过 {MaxRows} 行的上限", DirectoriesReasons.TooManyRows.About(MaxRows));

    /// <summary>
    /// Refuses a workbook that is not a zip or unpacks to more than <see cref="MaxXlsxUnpackedBytes"/>, counting what each
    /// entry really inflates to (its declared size may lie), before any of it is parsed.
    /// </summary>
    public async Task CheckWorkbookAsync(string path, CancellationToken ct)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var buffer = new byte[1 << 16];
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                if (unpacked + entry.Length > MaxXlsxUnpackedBytes) throw WorkbookTooLarge();
                await using var content = entry.Open();
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                    if ((unpacked += read) > MaxXlsxUnpackedBytes) throw WorkbookTooLarge();
            }
        }
        catch (InvalidDataException)
        {
            throw new InvalidFieldException("file", "is not an XLSX workbook", "不是 XLSX 工作簿");
        }
    }

    private InvalidFieldException WorkbookTooLarge() => new("file", $"unpacks to more than {MaxXlsxUnpackedBytes} bytes ({Section}:MaxXlsxUnpackedBytes)",
        $"工作簿解压后超过 {Size(MaxXlsxUnpackedBytes)} 的上限", DirectoriesReasons.WorkbookTooLarge.About(MaxXlsxUnpackedBytes));

    private static string Size(long bytes) => bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} 字节";
}

/// <summary>An upload read only up to the limit: past it the read fails with the limit named.</summary>
public sealed class LimitedStream(Stream inner, ImportLimits limits) : Stream
{
    private long read;

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Counted(await inner.ReadAsync(buffer, ct));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private int Counted(int n) => (read += n) > limits.MaxFileBytes ? throw limits.FileTooLarge() : n;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Shuangsuiji.Workbench.Results.Attachments;

/// <summary>A stored file: its content's SHA-256 (lower-case hex) and size.</summary>
public sealed record StoredFile(string Sha256, long Length);

/// <summary>The file was larger than the limit: nothing of it was kept.</summary>
public sealed class FileTooLargeException(long limit) : Exception($"the file is larger than {limit} bytes")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Where the photos and scanned records attached to results are kept, by department and content (the SHA-256 computed
/// while the upload streams through): a result's entry carries only the hash, name and media type. One interface, two
/// stores: a directory on disk (development) and an S3-compatible object store.
/// </summary>
public interface IFileStore
{
    /// <summary>Streams <paramref name="content"/> into the store under the department, hashing it on the way; refuses more than <paramref name="limit"/> bytes.</summary>
    Task<StoredFile> PutAsync(string departmentId, Stream content, long limit, CancellationToken ct);

    /// <summary>The stored file's content, or null when the department has no file with that hash.</summary>
    Task<Stream?> OpenAsync(string departmentId, string sha256, CancellationToken ct);
}

/// <summary>Where a file lives in a store: "{department}/{first two hex digits}/{sha256}" (a department reads only what it stored).</summary>
public static partial class FileKeys
{
    public static string Of(string departmentId, string sha256)
    {
        if (!Sha256().IsMatch(sha256)) throw new ArgumentException($"'{sha256}' is not a SHA-256 in lower-case hex", nameof(sha256));
        if (!Department().IsMatch(departmentId)) throw new ArgumentException($"'{departmentId}' is not a department code", nameof(departmentId));
        return $"{departmentId}/{sha256[..2]}/{sha256}";
    }

    public static bool IsSha256(string value) => Sha256().IsMatch(value);

    /// <summary>Reads <paramref name="content"/> in blocks, hashing each and handing it on, until the end or past the limit.</summary>
    public static async Task<StoredFile> CopyHashedAsync(Stream content, long limit, Func<ReadOnlyMemory<byte>, CancellationToken, Task> write, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            length += read;
            if (length > limit) throw new FileTooLargeException(limit);
            hash.AppendData(buffer, 0, read);
            await write(buffer.AsMemory(0, read), ct);
        }
        return new StoredFile(Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex Department();
}

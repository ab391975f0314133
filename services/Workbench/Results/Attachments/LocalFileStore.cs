namespace Shuangsuiji.Workbench.Results.Attachments;

/// <summary>
/// Files in a directory (development, or a volume every replica mounts): written to a temporary name beside the final
/// one, then moved under the key, so a reader never sees half a file and two uploads of the same content end the same.
/// </summary>
public sealed class LocalFileStore(string directory) : IFileStore
{
    public async Task<StoredFile> PutAsync(string departmentId, Stream content, long limit, CancellationToken ct)
    {
        var incoming = Path.Combine(directory, ".incoming");
        Directory.CreateDirectory(incoming);
        var temporary = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            StoredFile stored;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                stored = await FileKeys.CopyHashedAsync(content, limit, (block, token) => file.WriteAsync(block, token).AsTask(), ct);
            var path = PathOf(departmentId, stored.Sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(temporary, path, overwrite: true);
            return stored;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenAsync(string departmentId, string sha256, CancellationToken ct)
    {
        var path = PathOf(departmentId, sha256);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public string PathOf(string departmentId, string sha256) => Path.Combine(directory, FileKeys.Of(departmentId, sha256));
}

using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Shuangsuiji.Workbench.Results.Attachments;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The attachments' file store: the local one for real on disk; of the S3 one what holds without a server (its keys and its
/// settings), since no S3-compatible server runs here.
/// </summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"files-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_local_store_keeps_a_file_under_its_department_and_sha256_and_refuses_one_over_the_limit_keeping_nothing()
    {
        var store = new LocalFileStore(directory);
        var content = RandomNumberGenerator.GetBytes(200_001);
        var stored = await store.PutAsync("130302-AMR", new MemoryStream(content), 300_000, CancellationToken.None);
        Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(content)), 200_001L), (stored.Sha256, stored.Length));
        Assert.Equal(Path.Combine(directory, "130302-AMR", stored.Sha256[..2], stored.Sha256), store.PathOf("130302-AMR", stored.Sha256));
        await using (var read = await store.OpenAsync("130302-AMR", stored.Sha256, CancellationToken.None))
            Assert.Equal(content, await read!.ReadAllAsync());
        // Another department does not find it, and the same content stored again is the same file.
        Assert.Null(await store.OpenAsync("130303-AMR", stored.Sha256, CancellationToken.None));
        Assert.Equal(stored, await store.PutAsync("130302-AMR", new MemoryStream(content), 300_000, CancellationToken.None));

        var tooLarge = await Assert.ThrowsAsync<FileTooLargeException>(() =>
            store.PutAsync("130302-AMR", new MemoryStream(RandomNumberGenerator.GetBytes(300_001)), 300_000, CancellationToken.None));
        Assert.Equal(300_000, tooLarge.Limit);
        Assert.Single(Directory.GetFiles(directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_s3_store_keeps_files_under_its_prefix_by_department_and_sha256_and_its_settings_name_what_is_missing()
    {
        var settings = new FileStoreOptions.S3Settings { Bucket = "ssyg", AccessKey = "a", SecretKey = "s", Prefix = "attachments/", Endpoint = "http://127.0.0.1:9" };
        using var client = new AmazonS3Client(new BasicAWSCredentials("a", "s"), new AmazonS3Config { ServiceURL = settings.Endpoint, ForcePathStyle = true });
        var store = new S3FileStore(client, settings);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData("照片"u8));
        Assert.Equal($"attachments/130302-AMR/{sha256[..2]}/{sha256}", store.KeyOf("130302-AMR", sha256));
        Assert.StartsWith("attachments/.incoming/", store.IncomingKey(Guid.NewGuid()));
        Assert.Throws<ArgumentException>(() => store.KeyOf("../130302-AMR", sha256));
        Assert.Throws<ArgumentException>(() => store.KeyOf("130302-AMR", sha256.ToUpperInvariant()));

        Assert.Empty(new FileStoreOptions { Kind = "s3", S3 = settings }.Problems());
        Assert.Equal(["FileStore:S3:Bucket is not set", "FileStore:S3:AccessKey and FileStore:S3:SecretKey are required", "FileStore:S3:Endpoint 'minio.internal' is not an absolute address"],
            new FileStoreOptions { Kind = "s3", S3 = new() { Endpoint = "minio.internal" } }.Problems());
        Assert.Equal(["FileStore:Directory (where attachments are kept) is not set"], new FileStoreOptions().Problems());
        Assert.Equal(["FileStore:Kind 'ftp' is neither 'local' nor 's3'"], new FileStoreOptions { Kind = "ftp" }.Problems());
        Assert.Equal(["FileStore:MaxBytes must be a positive number of bytes"], new FileStoreOptions { Directory = "/tmp/x", MaxBytes = 0 }.Problems());
    }
}

internal static class StreamReading
{
    public static async Task<byte[]> ReadAllAsync(this Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

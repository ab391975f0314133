using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Shuangsuiji.Workbench.Results.Attachments;

/// <summary>
/// Files in an S3-compatible bucket. The hash is known only at the end of the upload, so the content goes up as a
/// multipart upload under a temporary key (a part of <see cref="PartSize"/> in memory at a time, never the whole file),
/// is copied under its key once hashed, and the temporary object removed; a failed or too large upload is aborted.
/// </summary>
public sealed class S3FileStore(IAmazonS3 s3, FileStoreOptions.S3Settings settings) : IFileStore
{
    /// <summary>S3's smallest part but the last.</summary>
    public const int PartSize = 5 * 1024 * 1024;

    public static IAmazonS3 Client(FileStoreOptions.S3Settings settings)
    {
        var config = new AmazonS3Config { ForcePathStyle = settings.ForcePathStyle, AuthenticationRegion = settings.Region };
        if (settings.Endpoint.Length > 0) config.ServiceURL = settings.Endpoint;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        return new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config);
    }

    public string KeyOf(string departmentId, string sha256) => settings.Prefix + FileKeys.Of(departmentId, sha256);

    public string IncomingKey(Guid upload) => $"{settings.Prefix}.incoming/{upload:N}";

    public async Task<StoredFile> PutAsync(string departmentId, Stream content, long limit, CancellationToken ct)
    {
        var temporary = IncomingKey(Guid.NewGuid());
        var started = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = settings.Bucket, Key = temporary }, ct);
        var parts = new List<PartETag>();
        var part = new MemoryStream(PartSize);
        async Task Flush(CancellationToken token)
        {
            part.Position = 0;
            var number = parts.Count + 1;
            var uploaded = await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = settings.Bucket, Key = temporary, UploadId = started.UploadId, PartNumber = number, InputStream = part, PartSize = part.Length,
            }, token);
            parts.Add(new PartETag(number, uploaded.ETag));
            part.SetLength(0);
        }
        StoredFile stored;
        try
        {
            stored = await FileKeys.CopyHashedAsync(content, limit, async (block, token) =>
            {
                await part.WriteAsync(block, token);
                if (part.Length >= PartSize) await Flush(token);
            }, ct);
            // The last part may be short; an empty file still needs one part.
            if (part.Length > 0 || parts.Count == 0) await Flush(ct);
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = settings.Bucket, Key = temporary, UploadId = started.UploadId, PartETags = parts,
            }, ct);
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = settings.Bucket, Key = temporary, UploadId = started.UploadId },
                CancellationToken.None);
            throw;
        }
        try
        {
            await s3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = settings.Bucket, SourceKey = temporary, DestinationBucket = settings.Bucket, DestinationKey = KeyOf(departmentId, stored.Sha256),
            }, ct);
        }
        finally
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = settings.Bucket, Key = temporary }, CancellationToken.None);
        }
        return stored;
    }

    public async Task<Stream?> OpenAsync(string departmentId, string sha256, CancellationToken ct)
    {
        try
        {
            var answer = await s3.GetObjectAsync(new GetObjectRequest { BucketName = settings.Bucket, Key = KeyOf(departmentId, sha256) }, ct);
            return answer.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}

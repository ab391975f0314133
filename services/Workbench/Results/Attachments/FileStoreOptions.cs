namespace Shuangsuiji.Workbench.Results.Attachments;

/// <summary>
/// Settings of the attachments' store (section FileStore): Kind "local" keeps them in Directory, "s3" in an S3-compatible
/// bucket (S3:*). MaxBytes bounds one file.
/// </summary>
public sealed class FileStoreOptions
{
    public const string Section = "FileStore";

    public string Kind { get; set; } = "local";

    public string Directory { get; set; } = "";

    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    public S3Settings S3 { get; set; } = new();

    public sealed class S3Settings
    {
        /// <summary>The service's address (e.g. https://minio.internal:9000); empty for AWS itself in Region.</summary>
        public string Endpoint { get; set; } = "";

        public string Bucket { get; set; } = "";

        public string AccessKey { get; set; } = "";

        public string SecretKey { get; set; } = "";

        public string Region { get; set; } = "us-east-1";

        /// <summary>Under this prefix in the bucket ("attachments/"), so a bucket can be shared.</summary>
        public string Prefix { get; set; } = "attachments/";

        /// <summary>Bucket in the path rather than the host name, as MinIO and most S3-compatible stores expect.</summary>
        public bool ForcePathStyle { get; set; } = true;
    }

    /// <summary>What is wrong with these settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxBytes <= 0) problems.Add("FileStore:MaxBytes must be a positive number of bytes");
        switch (Kind)
        {
            case "local":
                if (string.IsNullOrWhiteSpace(Directory)) problems.Add("FileStore:Directory (where attachments are kept) is not set");
                break;
            case "s3":
                if (string.IsNullOrWhiteSpace(S3.Bucket)) problems.Add("FileStore:S3:Bucket is not set");
                if (string.IsNullOrWhiteSpace(S3.AccessKey) || string.IsNullOrWhiteSpace(S3.SecretKey))
                    problems.Add("FileStore:S3:AccessKey and FileStore:S3:SecretKey are required");
                if (S3.Endpoint.Length > 0 && !Uri.TryCreate(S3.Endpoint, UriKind.Absolute, out _))
                    problems.Add($"FileStore:S3:Endpoint '{S3.Endpoint}' is not an absolute address");
                if (S3.Prefix.StartsWith('/')) problems.Add("FileStore:S3:Prefix must not start with '/'");
                break;
            default:
                problems.Add($"FileStore:Kind '{Kind}' is neither 'local' nor 's3'");
                break;
        }
        return problems;
    }
}

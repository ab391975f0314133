using System.Security.Cryptography.X509Certificates;

namespace Shuangsuiji.Identity.Keys;

/// <summary>
/// Where the identity service's Data Protection keys live, and the certificate that encrypts them there. The Data
/// Protection keys protect the key ring's files (and the TOTP keys, the sign-in cookies); written in clear beside the
/// ring they would open it to whoever copies the volume. So each is encrypted with an RSA certificate kept elsewhere
/// (Identity:KeyProtectionCertificate and Identity:KeyProtectionKey, PEM files: in Kubernetes a Secret mounted read-only,
/// in development one infra/dev.sh makes under the instance's data folder).
/// </summary>
public static class KeyProtection
{
    public static DirectoryInfo Folder(IConfiguration config) => new(Path.Combine(
        config["Identity:KeysPath"] ?? throw new InvalidOperationException("Identity:KeysPath (the folder of the identity service's keys) is not configured"),
        "data-protection"));

    public static X509Certificate2 Certificate(IConfiguration config) => X509Certificate2.CreateFromPemFile(
        config["Identity:KeyProtectionCertificate"] ?? throw new InvalidOperationException(
            "Identity:KeyProtectionCertificate (the PEM certificate that encrypts the identity service's Data Protection keys) is not configured"),
        config["Identity:KeyProtectionKey"] ?? throw new InvalidOperationException(
            "Identity:KeyProtectionKey (the PEM private key of Identity:KeyProtectionCertificate) is not configured"));
}

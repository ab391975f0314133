using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Shuangsuiji.AuditTrail.Checkpoints;

/// <summary>
/// How heads are signed: ECDSA on P-256 with SHA-256 (what JOSE calls ES256), or SM2 with SM3 (GB/T 32918, with the
/// standard's default signer id "1234567812345678") where a deployment needs 国密. Either way the signature is DER
/// (an ASN.1 sequence of r and s, as OpenSSL and Python's cryptography write it) and the public key a PEM
/// SubjectPublicKeyInfo, whose SHA-256 in hex is the key id.
/// </summary>
public static class CheckpointAlgorithms
{
    public const string EcdsaP256 = "ecdsa-p256-sha256";
    public const string Sm2 = "sm2-sm3";

    public static readonly string[] All = [EcdsaP256, Sm2];

    internal const string P256 = "1.2.840.10045.3.1.7";

    public static string KeyId(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>The DER of a PEM's first block with this label; null when there is none.</summary>
    public static byte[]? Der(string pem, string label)
    {
        for (var rest = pem.AsSpan(); PemEncoding.TryFind(rest, out var found); rest = rest[found.Location.End..])
            if (rest[found.Label].SequenceEqual(label)) return Convert.FromBase64String(rest[found.Base64Data].ToString());
        return null;
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="data"/> under the public key, by the algorithm named.</summary>
    public static bool Verify(string algorithm, string publicKeyPem, byte[] data, byte[] signature)
    {
        var spki = Der(publicKeyPem, "PUBLIC KEY") ?? throw new FormatException("the public key is not a PEM PUBLIC KEY block");
        switch (algorithm)
        {
            case EcdsaP256:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
                    if (ecdsa.ExportParameters(false).Curve.Oid.Value != P256) throw new FormatException("the public key is not on P-256");
                    return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                }
            case Sm2:
                var key = PublicKeyFactory.CreateKey(spki) as ECPublicKeyParameters;
                if (key?.PublicKeyParamSet?.Equals(GMObjectIdentifiers.sm2p256v1) != true) throw new FormatException("the public key is not an SM2 key");
                var sm2 = new SM2Signer(new SM3Digest());
                sm2.Init(false, key);
                sm2.BlockUpdate(data, 0, data.Length);
                return sm2.VerifySignature(signature);
            default:
                throw new FormatException($"{algorithm} is not one of {string.Join(", ", All)}");
        }
    }
}

/// <summary>The notary's private key (PKCS#8 PEM), with which it signs heads; nothing else holds it.</summary>
public sealed class CheckpointSigner
{
    private readonly Func<byte[], byte[]> sign;

    private CheckpointSigner(string algorithm, byte[] subjectPublicKeyInfo, Func<byte[], byte[]> sign)
    {
        Algorithm = algorithm;
        KeyId = CheckpointAlgorithms.KeyId(subjectPublicKeyInfo);
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", subjectPublicKeyInfo);
        this.sign = sign;
    }

    public string Algorithm { get; }

    public string KeyId { get; }

    public string PublicKeyPem { get; }

    public byte[] Sign(byte[] data) => sign(data);

    /// <summary>A signer from a PKCS#8 PEM private key; the key must be of the algorithm's curve.</summary>
    public static CheckpointSigner FromPem(string pkcs8Pem, string algorithm)
    {
        var der = CheckpointAlgorithms.Der(pkcs8Pem, "PRIVATE KEY")
            ?? throw new FormatException("the signing key is not a PKCS#8 PEM (a block \"-----BEGIN PRIVATE KEY-----\")");
        switch (algorithm)
        {
            case CheckpointAlgorithms.EcdsaP256:
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(der, out _);
                if (ecdsa.ExportParameters(false).Curve.Oid.Value != CheckpointAlgorithms.P256)
                    throw new FormatException($"the signing key is not on P-256, which {algorithm} needs");
                return new CheckpointSigner(algorithm, ecdsa.ExportSubjectPublicKeyInfo(),
                    data => ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            case CheckpointAlgorithms.Sm2:
                if (PrivateKeyFactory.CreateKey(der) is not ECPrivateKeyParameters { PublicKeyParamSet: { } curve } key || !curve.Equals(GMObjectIdentifiers.sm2p256v1))
                    throw new FormatException($"the signing key is not on the SM2 curve, which {algorithm} needs");
                var publicKey = new ECPublicKeyParameters("EC", key.Parameters.G.Multiply(key.D).Normalize(), curve);
                return new CheckpointSigner(algorithm, SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded(), data =>
                {
                    var sm2 = new SM2Signer(new SM3Digest());
                    sm2.Init(true, new ParametersWithRandom(key, new SecureRandom()));
                    sm2.BlockUpdate(data, 0, data.Length);
                    return sm2.GenerateSignature();
                });
            default:
                throw new FormatException($"{algorithm} is not one of {string.Join(", ", CheckpointAlgorithms.All)}");
        }
    }
}

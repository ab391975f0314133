using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Shuangsuiji.AuditTrail.Checkpoints;

namespace Shuangsuiji.Domain.Tests.Audit;

/// <summary>Signed heads: the canonical text, and signatures with ECDSA P-256 and with SM2/SM3 (国密).</summary>
public sealed class CheckpointSignatureTests
{
    private static TreeHead Head(string keyId, string algorithm) => new(1234, new string('a', 64), new DateTimeOffset(2026, 12, 7, 8, 0, 0, 123, TimeSpan.Zero),
        1000, new Dictionary<string, long> { ["tasks"] = 90, ["catalog"] = 7, ["supervision"] = 0 }, keyId, algorithm);

    public static string EcdsaKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public static string Sm2Key()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(GMObjectIdentifiers.sm2p256v1, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return PemEncoding.WriteString("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded());
    }

    [Fact]
    public void The_signed_text_has_one_name_and_value_a_line_the_services_in_order_and_the_time_in_utc_to_the_millisecond()
    {
        Assert.Equal("""
            ssyg-checkpoint-v1
            tree_size 1234
            root_hash aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
            time 2026-12-07T08:00:00.123Z
            previous_size 1000
            high_water catalog 7
            high_water supervision 0
            high_water tasks 90
            key_id k1
            algorithm ecdsa-p256-sha256

            """.ReplaceLineEndings("\n"), Head("k1", CheckpointAlgorithms.EcdsaP256).SignedText);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, 123, TimeSpan.Zero),
            TreeHead.Truncate(new DateTimeOffset(2026, 12, 7, 8, 0, 0, 123, TimeSpan.FromHours(8)).AddTicks(9999)));
    }

    [Theory]
    [InlineData(CheckpointAlgorithms.EcdsaP256)]
    [InlineData(CheckpointAlgorithms.Sm2)]
    public void A_head_signed_with_a_key_verifies_under_its_public_key_and_not_once_changed_or_under_another_key(string algorithm)
    {
        var newKey = algorithm == CheckpointAlgorithms.Sm2 ? (Func<string>)Sm2Key : EcdsaKey;
        var signer = CheckpointSigner.FromPem(newKey(), algorithm);
        var other = CheckpointSigner.FromPem(newKey(), algorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(CheckpointAlgorithms.Der(signer.PublicKeyPem, "PUBLIC KEY")!)), signer.KeyId);
        Assert.NotEqual(signer.KeyId, other.KeyId);

        var text = Encoding.UTF8.GetBytes(Head(signer.KeyId, algorithm).SignedText);
        var signature = signer.Sign(text);
        Assert.True(CheckpointAlgorithms.Verify(algorithm, signer.PublicKeyPem, text, signature));
        Assert.False(CheckpointAlgorithms.Verify(algorithm, other.PublicKeyPem, text, signature));
        var changed = Encoding.UTF8.GetBytes(Head(signer.KeyId, algorithm).SignedText.Replace("tree_size 1234", "tree_size 1235"));
        Assert.False(CheckpointAlgorithms.Verify(algorithm, signer.PublicKeyPem, changed, signature));
    }

    [Fact]
    public void A_key_of_the_wrong_curve_for_the_algorithm_is_refused_naming_the_curve()
    {
        Assert.Contains("SM2 curve", Assert.Throws<FormatException>(() => CheckpointSigner.FromPem(EcdsaKey(), CheckpointAlgorithms.Sm2)).Message);
        Assert.Contains("P-256", Assert.Throws<FormatException>(() => CheckpointSigner.FromPem(Sm2Key(), CheckpointAlgorithms.EcdsaP256)).Message);
        Assert.Contains("PKCS#8", Assert.Throws<FormatException>(() => CheckpointSigner.FromPem("not a key", CheckpointAlgorithms.EcdsaP256)).Message);
        Assert.Contains("is not one of", Assert.Throws<FormatException>(() => CheckpointSigner.FromPem(EcdsaKey(), "rsa")).Message);
    }

    [Fact]
    public void An_sm2_key_made_by_openssl_signs_what_openssl_verifies_as_the_docs_show_and_the_other_way_round()
    {
        var dir = Directory.CreateTempSubdirectory("sm2-");
        try
        {
            string In(string name) => Path.Combine(dir.FullName, name);
            Run("openssl", "genpkey", "-algorithm", "SM2", "-out", In("key.pem"));
            Run("openssl", "pkey", "-in", In("key.pem"), "-pubout", "-out", In("pub.pem"));
            var signer = CheckpointSigner.FromPem(File.ReadAllText(In("key.pem")), CheckpointAlgorithms.Sm2);
            Assert.Equal(CheckpointAlgorithms.Der(File.ReadAllText(In("pub.pem")), "PUBLIC KEY"), CheckpointAlgorithms.Der(signer.PublicKeyPem, "PUBLIC KEY"));
            var text = Encoding.UTF8.GetBytes(Head(signer.KeyId, CheckpointAlgorithms.Sm2).SignedText);
            File.WriteAllBytes(In("text"), text);
            File.WriteAllBytes(In("ours.der"), signer.Sign(text));
            Run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", In("pub.pem"), "-rawin", "-in", In("text"), "-sigfile", In("ours.der"),
                "-digest", "sm3", "-pkeyopt", "distid:1234567812345678");
            Run("openssl", "pkeyutl", "-sign", "-inkey", In("key.pem"), "-rawin", "-in", In("text"), "-digest", "sm3", "-pkeyopt", "distid:1234567812345678",
                "-out", In("theirs.der"));
            Assert.True(CheckpointAlgorithms.Verify(CheckpointAlgorithms.Sm2, File.ReadAllText(In("pub.pem")), text, File.ReadAllBytes(In("theirs.der"))));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments)
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {errors}");
    }
}

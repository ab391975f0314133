using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.AspNetCore.DataProtection;
using Shuangsuiji.Identity.Accounts;

namespace Shuangsuiji.Identity.SignIn;

/// <summary>
/// The WebAuthn ceremonies (Fido2) of security keys: the options a page hands the browser's navigator.credentials, and the
/// check of what the authenticator answered — its attestation when a key is registered, its signature when it signs in.
/// The options travel with the page's form, protected and dated, so the service keeps no state between the two. The
/// relying party is <c>Identity:WebAuthn:ServerDomain</c> and <c>Origins</c>; by default the identity service's own
/// address (its issuer), a loopback address named <c>localhost</c> (WebAuthn takes a domain, not an IP address).
/// </summary>
public sealed class SecurityKeyCeremonies(IConfiguration configuration, IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long the person has to touch the key after the page was shown.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly Fido2 fido2 = new(RelyingParty(configuration));
    private readonly IDataProtector ceremonies = protection.CreateProtector("shuangsuiji.identity.webauthn-ceremony.v1");

    public static Fido2Configuration RelyingParty(IConfiguration configuration)
    {
        var issuer = new Uri(configuration["Identity:Issuer"] ?? "http://localhost/");
        var domain = configuration["Identity:WebAuthn:ServerDomain"] ?? (issuer.IsLoopback ? "localhost" : issuer.Host);
        var origins = configuration.GetSection("Identity:WebAuthn:Origins").Get<string[]>() is { Length: > 0 } configured
            ? configured : [new UriBuilder(issuer) { Host = domain }.Uri.GetLeftPart(UriPartial.Authority)];
        return new Fido2Configuration { RPID = domain, RPName = "双随机、一公开监管平台", Origins = origins.ToHashSet() };
    }

    /// <summary>The options for navigator.credentials.create (as JSON) and the protected state the form carries back.</summary>
    public (string Options, string State) Creation(Account account)
    {
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(account.Username), Name = account.Username, DisplayName = account.DisplayName },
            // A key registered already is not registered twice.
            ExcludeCredentials = [.. account.SecurityKeys.Select(k => new PublicKeyCredentialDescriptor(Base64Url.DecodeFromChars(k.CredentialId)))],
            // A second factor after the password: the key need not hold the account's name (no discoverable credential).
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Discouraged, UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        }).ToJson();
        return (options, Protect(account.Username, options));
    }

    /// <summary>The key the authenticator made, its attestation checked against the options of the state; null if anything is wrong.</summary>
    public async Task<NewSecurityKey?> RegisteredAsync(Account account, string? state, string? credential, CancellationToken ct)
    {
        if (Unprotect(account.Username, state) is not { } options || string.IsNullOrEmpty(credential)) return null;
        try
        {
            var made = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = JsonSerializer.Deserialize<AuthenticatorAttestationRawResponse>(credential)!,
                OriginalOptions = CredentialCreateOptions.FromJson(options),
                IsCredentialIdUniqueToUserCallback = (p, _) => Task.FromResult(account.SecurityKeys.All(k => k.CredentialId != Base64Url.EncodeToString(p.CredentialId))),
            }, ct);
            return new NewSecurityKey(Base64Url.EncodeToString(made.Id), Base64Url.EncodeToString(made.PublicKey), made.SignCount, made.AaGuid);
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The options for navigator.credentials.get, allowing the account's usable keys, and the protected state.</summary>
    public (string Options, string State) Request(Account account)
    {
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. account.UsableKeys().Select(k => new PublicKeyCredentialDescriptor(Base64Url.DecodeFromChars(k.CredentialId)))],
            UserVerification = UserVerificationRequirement.Preferred,
        }).ToJson();
        return (options, Protect(account.Username, options));
    }

    /// <summary>
    /// Which of the account's keys signed, and its sign count, if the signature verifies against that key's public key; null
    /// otherwise. The sign count is the decider's to judge (<see cref="AccountDecider.SignCountAdvances"/>), so Fido2 is
    /// given none to compare.
    /// </summary>
    public async Task<VerifiedAssertion?> VerifiedAsync(Account account, string? state, string? assertion, CancellationToken ct)
    {
        if (Unprotect(account.Username, state) is not { } options || string.IsNullOrEmpty(assertion)) return null;
        try
        {
            var response = JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(assertion)!;
            var id = Base64Url.EncodeToString(response.RawId);
            if (account.SecurityKeys.FirstOrDefault(k => k.CredentialId == id) is not { } key) return null;
            var handle = UserHandle(account.Username);
            var verified = await fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response, OriginalOptions = AssertionOptions.FromJson(options), StoredPublicKey = Base64Url.DecodeFromChars(key.PublicKey),
                StoredSignatureCounter = 0, IsUserHandleOwnerOfCredentialIdCallback = (p, _) => Task.FromResult(p.UserHandle.AsSpan().SequenceEqual(handle)),
            }, ct);
            return new VerifiedAssertion(id, verified.SignCount);
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The account's WebAuthn user handle: opaque (a hash of the username), as the standard asks, not the name itself.</summary>
    private static byte[] UserHandle(string username) => SHA256.HashData(Encoding.UTF8.GetBytes($"shuangsuiji-account\n{username}"));

    private string Protect(string username, string options) =>
        ceremonies.Protect(JsonSerializer.Serialize(new Ceremony(username, options, clock.GetUtcNow())));

    private string? Unprotect(string username, string? state)
    {
        if (string.IsNullOrEmpty(state)) return null;
        try
        {
            var ceremony = JsonSerializer.Deserialize<Ceremony>(ceremonies.Unprotect(state));
            return ceremony is not null && ceremony.Username == username && clock.GetUtcNow() - ceremony.IssuedAt <= Lifetime ? ceremony.Options : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private sealed record Ceremony(string Username, string Options, DateTimeOffset IssuedAt);
}

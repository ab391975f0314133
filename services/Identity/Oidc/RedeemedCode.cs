using Marten;
using JasperFx;

namespace Shuangsuiji.Identity.Oidc;

/// <summary>
/// An authorization code already exchanged for tokens, by the SHA-256 of the code. OpenIddict keeps no tokens in degraded
/// mode, so the one-time use of a code (a code caught in a log or a browser's history is worth nothing) is kept here.
/// </summary>
public sealed record RedeemedCode(string Id, DateTimeOffset At)
{
    /// <summary>True the first time a code is redeemed, false every time after.</summary>
    public static async Task<bool> FirstTimeAsync(IDocumentStore store, string code, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Insert(new RedeemedCode(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code))), now));
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (DocumentAlreadyExistsException)
        {
            return false;
        }
    }
}

using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Shuangsuiji.Workbench.SignIn;

/// <summary>A signed-in person's session: the authentication ticket with its tokens, encrypted, under a random key.</summary>
public sealed class WorkbenchSession
{
    public string Id { get; set; } = "";
    public byte[] Ticket { get; set; } = [];
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Keeps the authentication tickets in the workbench's own store, so that the tokens never reach the browser (its cookie
/// holds only the session's key) and every replica finds the session. The ticket is encrypted with the shared Data
/// Protection keys: whoever reads the table does not get the tokens.
/// </summary>
public sealed class SessionTicketStore(IDocumentStore store, IDataProtectionProvider protection) : ITicketStore
{
    private readonly IDataProtector protector = protection.CreateProtector("Shuangsuiji.Workbench.Sessions");

    /// <summary>Browsers hold the cookie by the wall clock; so ends a session here.</summary>
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var session = store.LightweightSession();
        session.Store(new WorkbenchSession
        {
            Id = key,
            Ticket = protector.Protect(TicketSerializer.Default.Serialize(ticket)),
            ExpiresAt = ticket.Properties.ExpiresUtc ?? Now + SessionLifetime,
        });
        // Ended sessions go with the next sign-in rather than on a timer.
        session.DeleteWhere<WorkbenchSession>(s => s.ExpiresAt < Now);
        await session.SaveChangesAsync();
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var query = store.QuerySession();
        var found = await query.LoadAsync<WorkbenchSession>(key);
        if (found is null || found.ExpiresAt < Now) return null;
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(found.Ticket));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // its key is gone: the person signs in again
        }
    }

    public async Task RemoveAsync(string key)
    {
        await using var session = store.LightweightSession();
        session.Delete<WorkbenchSession>(key);
        await session.SaveChangesAsync();
    }

    /// <summary>As long as the refresh token the identity service gives a console.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
}

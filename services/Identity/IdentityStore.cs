using Marten;
using Shuangsuiji.Identity.Accounts;
using Shuangsuiji.Identity.Clients;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Identity;

public static class IdentityStore
{
    public static void Configure(StoreOptions options)
    {
        // Stored names are part of the event log: never rename them, add new ones instead.
        options.AddAggregate<Account>(
            (typeof(AccountCreated), "account_created"),
            (typeof(PasswordChanged), "account_password_changed"),
            (typeof(PasswordReset), "account_password_reset"),
            (typeof(RolesChanged), "account_roles_changed"),
            (typeof(AccountDisabled), "account_disabled"),
            (typeof(AccountEnabled), "account_enabled"),
            (typeof(TotpEnrolled), "account_totp_enrolled"),
            (typeof(SignedIn), "account_signed_in"),
            (typeof(SignInFailed), "account_sign_in_failed"),
            (typeof(AccountLockedOut), "account_locked_out"),
            (typeof(RecoveryCodeUsed), "account_recovery_code_used"),
            (typeof(SignedOut), "account_signed_out"),
            (typeof(UpstreamAccountCreated), "account_upstream_created"),
            (typeof(UpstreamSignedIn), "account_upstream_signed_in"),
            (typeof(SecurityKeyRegistered), "account_security_key_registered"),
            (typeof(SecurityKeyRemoved), "account_security_key_removed"),
            (typeof(SecurityKeyUsed), "account_security_key_used"),
            (typeof(SecurityKeyCloneDetected), "account_security_key_clone_detected"));
        options.Schema.For<Account>().Index(a => a.DepartmentId).Index(a => a.UpstreamSubject);
        options.AddAggregate<SystemClient>(
            (typeof(ClientRegistered), "client_registered"),
            (typeof(ClientSecretRotated), "client_secret_rotated"),
            (typeof(ClientRevoked), "client_revoked"),
            (typeof(ClientTokenIssued), "client_token_issued"),
            (typeof(ClientTokenRefused), "client_token_refused"));
        options.Schema.For<SystemClient>().Index(c => c.DepartmentId);
    }
}

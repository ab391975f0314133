using Shuangsuiji.AuditTrail;

namespace Shuangsuiji.Identity;

/// <summary>
/// What the identity service's audit trail never shows: password hashes, the protected TOTP keys, the recovery codes'
/// hashes and client secrets' hashes — none is a secret in clear, but none is anyone's to read; likewise a security key's
/// public key (its credential id, name and model are shown). Sign-ins, failures, lockouts and changes of roles are shown
/// (to the office, and to the account's department).
/// </summary>
public sealed class IdentityAuditMask : AuditMask
{
    public IdentityAuditMask()
    {
        Sealed("account_created", "passwordHash");
        Sealed("account_password_changed", "passwordHash");
        Sealed("account_password_reset", "passwordHash");
        Sealed("account_totp_enrolled", "protectedKey", "recoveryCodeHashes");
        Sealed("account_security_key_registered", "publicKey");
        Sealed("client_registered", "secretHash");
        Sealed("client_secret_rotated", "secretHash");
    }
}

using Shuangsuiji.Kernel;

namespace Shuangsuiji.Identity;

/// <summary>
/// The identity service's refusals a program can act on (docs/api.md); the field checks and defaults are the kernel's
/// <see cref="Reasons"/>. The sign-in pages answer people with texts of their own.
/// </summary>
public static class IdentityReasons
{
    /// <summary>A department's accounts and clients are kept by its administrator and the office of its region.</summary>
    public static readonly Reason1<PermissionDenied> AdministratorOnly = new("ADMINISTRATOR_ONLY", "department_id");

    public static readonly Reason1<AlreadyExists> AccountExists = new("ACCOUNT_EXISTS", "username");

    public static readonly Reason1<NotFound> AccountNotFound = new("ACCOUNT_NOT_FOUND", "username");

    /// <summary>The account is disabled or active already, as the command asks it to be.</summary>
    public static readonly Reason2<FailedPrecondition> AccountStatusUnchanged = new("ACCOUNT_STATUS_UNCHANGED", "username", "status");

    /// <summary>An administrator does not disable the account it acts with.</summary>
    public static readonly Reason1<FailedPrecondition> OwnAccount = new("OWN_ACCOUNT", "username");

    /// <summary>The department of an account or client is not one the identity service knows (it learns them from the directories).</summary>
    public static readonly Reason1<FailedPrecondition> KeepingDepartmentUnknown = new("KEEPING_DEPARTMENT_UNKNOWN", "department_id");

    /// <summary>The roles given are the account's roles already.</summary>
    public static readonly Reason<InvalidArgument> RolesUnchanged = new("ROLES_UNCHANGED");

    /// <summary>A role that is not staff, reviewer, admin or supervisor.</summary>
    public static readonly Reason1<InvalidArgument> RoleUnknown = new("ROLE_UNKNOWN", "allowed");

    /// <summary>The supervisor role is given to the accounts of an office of the leading group only, not a member department's.</summary>
    public static readonly Reason1<InvalidArgument> SupervisorOfOfficeOnly = new("SUPERVISOR_OF_OFFICE_ONLY", "department_id");

    /// <summary>A new password that does not follow the policy: 10 to 128 characters of three kinds or more, without the username.</summary>
    public static readonly Reason<InvalidArgument> PasswordPolicy = new("PASSWORD_POLICY");

    /// <summary>A new password the same as the current one.</summary>
    public static readonly Reason<InvalidArgument> PasswordUnchanged = new("PASSWORD_UNCHANGED");

    public static readonly Reason1<FailedPrecondition> AuthenticatorEnrolled = new("AUTHENTICATOR_ENROLLED", "username");

    /// <summary>The code does not match the new authenticator key.</summary>
    public static readonly Reason<InvalidArgument> AuthenticatorCodeMismatch = new("AUTHENTICATOR_CODE_MISMATCH");

    /// <summary>The upstream provider names another department than the account's: its administrator moves the person.</summary>
    public static readonly Reason1<FailedPrecondition> UpstreamDepartmentChanged = new("UPSTREAM_DEPARTMENT_CHANGED", "department_id");

    /// <summary>The security key (its credential) is registered on the account already.</summary>
    public static readonly Reason1<AlreadyExists> SecurityKeyExists = new("SECURITY_KEY_EXISTS", "username");

    public static readonly Reason1<NotFound> SecurityKeyNotFound = new("SECURITY_KEY_NOT_FOUND", "username");

    /// <summary>An account holds ten security keys at most.</summary>
    public static readonly Reason1<FailedPrecondition> SecurityKeyLimit = new("SECURITY_KEY_LIMIT", "username");

    public static readonly Reason1<AlreadyExists> ClientExists = new("CLIENT_EXISTS", "client_id");

    public static readonly Reason1<NotFound> ClientNotFound = new("CLIENT_NOT_FOUND", "client_id");

    /// <summary>A revoked client takes no more changes.</summary>
    public static readonly Reason1<FailedPrecondition> ClientRevoked = new("CLIENT_REVOKED", "client_id");
}

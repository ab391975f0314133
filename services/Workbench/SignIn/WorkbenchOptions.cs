namespace Shuangsuiji.Workbench.SignIn;

/// <summary>
/// Settings of the workbench (section Workbench): the client it is at the identity service (a confidential client on a
/// server, registered there under Identity:Applications with this id, secret and the addresses below).
/// </summary>
public sealed class WorkbenchOptions
{
    public const string Section = "Workbench";

    public string ClientId { get; set; } = "workbench";

    public string ClientSecret { get; set; } = "";
}

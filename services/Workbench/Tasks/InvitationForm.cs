namespace Shuangsuiji.Workbench.Tasks;

/// <summary>
/// An answer to an invitation, as the form posts it: the request id was made when the page was shown, so the same answer
/// sent twice (a double click, a reload) takes effect once.
/// </summary>
public sealed class InvitationForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Reason { get; set; }
}

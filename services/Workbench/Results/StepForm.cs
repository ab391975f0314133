namespace Shuangsuiji.Workbench.Results;

/// <summary>
/// One of a result's small forms (review, follow-up, correction, listing, closing) as posted; its request id was made when
/// the page was shown, so sending it twice takes effect once.
/// </summary>
public sealed class StepForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Comment { get; set; }
    public string? Kind { get; set; }
    public string? Target { get; set; }
    public string? On { get; set; }
    public string? Reason { get; set; }
    public bool Serious { get; set; }
    public string? Note { get; set; }
    public string? DecisionNo { get; set; }
}

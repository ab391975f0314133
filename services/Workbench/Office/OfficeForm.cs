namespace Shuangsuiji.Workbench.Office;

/// <summary>A form of the supervision pages: its request id was made when the page was shown, so sending it twice takes effect once.</summary>
public sealed class OfficeForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Remarks { get; set; }

    /// <summary>A written summary's text (工作总结).</summary>
    public string? Text { get; set; }
}

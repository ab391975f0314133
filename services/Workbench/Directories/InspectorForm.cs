namespace Shuangsuiji.Workbench.Directories;

/// <summary>A change to an inspector as its form posts it: a new status with its reason and date, or a conflict declared.</summary>
public sealed class InspectorForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Status { get; set; }
    public string? Reason { get; set; }
    public string? EffectiveOn { get; set; }
    public string? Uscc { get; set; }
}

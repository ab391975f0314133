namespace Shuangsuiji.Workbench.Office.ReturnVisits;

/// <summary>A return visit as the office plans it: its id was made with the page, so the same plan sent twice is one visit.</summary>
public sealed class PlanForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string VisitId { get; set; } = $"RV-{Guid.NewGuid():N}"[..11].ToUpperInvariant();
    public string? Name { get; set; }
    public string? Reason { get; set; }
}

/// <summary>What the office found at one drawn entity.</summary>
public sealed class VisitForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Uscc { get; set; }
    public string? VisitedOn { get; set; }
    public string Outcome { get; set; } = "";
    public string? Findings { get; set; }
}

/// <summary>The visit closed, with its summary.</summary>
public sealed class CloseForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? ClosedOn { get; set; }
    public string? Summary { get; set; }
}

namespace Shuangsuiji.Workbench.Oversight;

/// <summary>
/// The office's forms on special inspections, as they post them. Each request id was made when the page was shown, so the
/// same form sent twice takes effect once; a refused one changed nothing and is sent again under a new id.
/// </summary>
public sealed class OpenInspectionForm
{
    public const string Prefix = "Open";

    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Chosen when the form was shown (ZX-date-random), so a double submit names the same inspection.</summary>
    public string InspectionId { get; set; } = "";
    public string? Subject { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? RegionCode { get; set; }
}

public sealed class FindingForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? DepartmentId { get; set; }
    public string? Found { get; set; }
    public string? Rectification { get; set; }
    public string? RectifyBy { get; set; }
}

/// <summary>A circular written and published in one step: its draft, then its publication (two commands, named after the form's request id).</summary>
public sealed class CircularForm
{
    public const string Prefix = "Circular";

    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Title { get; set; }
    public string? Text { get; set; }
    public string? Corrects { get; set; }
}

public sealed class OversightCommandForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
}

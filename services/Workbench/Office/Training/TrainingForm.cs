namespace Shuangsuiji.Workbench.Office.Training;

/// <summary>A training session as the office schedules it in the form.</summary>
public sealed class TrainingForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Date { get; set; }
    public string Audience { get; set; } = "enforcement_staff";
    public string? Topic { get; set; }
    public string? DepartmentId { get; set; }
    public int PlannedAttendance { get; set; }
}

namespace Shuangsuiji.Contracts.Supervision;

/// <summary>
/// A supervising office published a circular (通报) of a special inspection (专项督查), for the disclosure service to
/// publish. A published circular never changes; a correction is a new circular whose <paramref name="Corrects"/> names it.
/// </summary>
/// <param name="Findings">the findings the circular names, in the order they were recorded</param>
/// <param name="Version">the version of the special inspection's stream that published it</param>
public sealed record CircularPublished(string CircularId, string InspectionId, string OfficeId, string Subject, DateOnly From, DateOnly To,
    string Title, string Text, IReadOnlyList<CircularFindingInfo> Findings, string? Corrects, DateOnly PublishedOn, long Version, DateTimeOffset At);

/// <param name="Found">what was found at the department</param>
/// <param name="Rectification">the rectification required (整改要求), due <paramref name="RectifyBy"/></param>
public sealed record CircularFindingInfo(string FindingId, string DepartmentId, string Found, string Rectification, DateOnly RectifyBy);

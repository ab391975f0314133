namespace Shuangsuiji.Contracts.Directories;

/// <summary>
/// An inspector was registered or changed; carries what inspector matching needs, as of <paramref name="Version"/>.
/// Never personal data (ID number, phone) and never the certificate number.
/// </summary>
/// <param name="Status">active, on_leave, transferred, retired</param>
/// <param name="Specialties">inspector tags, "category/code"</param>
/// <param name="Conflicts">USCCs of entities the inspector must be recused from</param>
public sealed record InspectorChanged(
    string InspectorId,
    string DepartmentId,
    string Name,
    string? Unit,
    string Status,
    DateOnly CertificateValidFrom,
    DateOnly CertificateValidTo,
    string Region,
    IReadOnlyList<string> Specialties,
    IReadOnlyList<string> Conflicts,
    long Version,
    DateTimeOffset At);

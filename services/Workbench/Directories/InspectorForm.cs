using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Workbench.Directories;

/// <summary>A change to an inspector as its form posts it: a new status with its reason and date, or a conflict declared or withdrawn.</summary>
public sealed class InspectorForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Status { get; set; }
    public string? Reason { get; set; }
    public string? EffectiveOn { get; set; }
    public string? Uscc { get; set; }
}

/// <summary>
/// An inspector's record as the add and edit form posts it. Specialties are checkboxes, read from the posted form; status and
/// conflicts keep their own forms (each change of them has a reason), so a save carries them over as they are.
/// </summary>
public sealed class InspectorProfileForm
{
    public const string Prefix = "Profile";

    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? InspectorId { get; set; }
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public string? CertificateNo { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidTo { get; set; }
    public string? Region { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }

    public static InspectorProfileForm Of(Inspector i) => new()
    {
        InspectorId = i.InspectorId, Name = i.Name, Unit = i.Unit, CertificateNo = i.CertificateNo, ValidFrom = i.CertificateValidFrom,
        ValidTo = i.CertificateValidTo, Region = i.Region, IdNumber = i.IdNumber, Phone = i.Phone,
    };

    public SaveInspectorRequest Request(string departmentId, IEnumerable<string> specialties, Inspector? current) => new()
    {
        DepartmentId = departmentId, InspectorId = InspectorId?.Trim() ?? "", Name = Name?.Trim() ?? "", Unit = Unit?.Trim() ?? "",
        CertificateNo = CertificateNo?.Trim() ?? "", CertificateValidFrom = ValidFrom ?? "", CertificateValidTo = ValidTo ?? "",
        Region = Region?.Trim() ?? "", IdNumber = IdNumber?.Trim() ?? "", Phone = Phone?.Trim() ?? "",
        Specialties = { specialties }, Conflicts = { current?.Conflicts ?? [] },
    };
}

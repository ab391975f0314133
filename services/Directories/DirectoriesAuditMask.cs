using Shuangsuiji.Directories.Inspectors;
using Shuangsuiji.AuditTrail;

namespace Shuangsuiji.Directories;

/// <summary>
/// What the directories' audit trail masks: an inspector's ID number and phone, shown whole only where the inspector
/// directory shows them (<see cref="InspectorsApi"/>: to the inspector's own department, whose id the stream carries) and
/// masked for every other reader, the supervising office included; likewise a liaison officer's phones and email
/// (联络员), shown whole to the department itself.
/// </summary>
public sealed class DirectoriesAuditMask : AuditMask
{
    private static readonly (string, Func<string, string>)[] Personal = [("personal.idNumber", IdNumber), ("personal.phone", Phone)];

    public DirectoriesAuditMask()
    {
        PersonalData("inspector_registered", Inspector.DepartmentOf, Personal);
        PersonalData("inspector_personal_data_changed", Inspector.DepartmentOf, Personal);
        PersonalData("liaison_officer_named", department => department,
            ("officer.officePhone", Phone), ("officer.mobile", Phone), ("officer.email", Email));
    }

    /// <summary>An email address shows its first character and its domain: z***@example.gov.cn.</summary>
    private static string Email(string email) => email.IndexOf('@') is > 0 and var at ? $"{email[0]}***{email[at..]}" : Phone(email);
}

using Google.Protobuf.WellKnownTypes;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Workbench.Draws;

/// <summary>
/// The draw ceremony (抽取仪式) of a task as the signed-in person stands in it: which step the draw is at and which steps
/// this person may take now (the draw engine's rules: the lead's staff prepare; each party — the inspecting departments and
/// the supervising office — commits and reveals its own secret; the office's supervisor enters the public value after the
/// commit deadline; a party executes). The services decide anyway; the page only offers what would be accepted.
/// </summary>
public sealed record Ceremony(InspectionTask Task, Draw? Draw, Caller Caller, DateTimeOffset Now)
{
    public string Lead => Task.Departments[0].DepartmentId;

    public bool Open => Draw is { Status: DrawStatus.Prepared };

    public PartyState? Mine => Draw?.Commitments.FirstOrDefault(c => c.Party == Caller.DepartmentId);

    public bool IsParty => Draw?.Parties.Contains(Caller.DepartmentId) == true && Caller.Role is Roles.Staff or Roles.Supervisor;

    public bool DeadlinePassed => Draw?.CommitDeadline is { } deadline && deadline.ToDateTimeOffset() <= Now;

    public bool AllCommitted => Draw is not null && Draw.Parties.All(p => Draw.Commitments.Any(c => c.Party == p && c.Sha256.Length > 0));

    public bool CanPrepare => Caller.DepartmentId == Lead && Caller.Role == Roles.Staff && Task.Status == TaskStatus.PartnersConfirmed
        && Draw is null or { Status: DrawStatus.Lapsed or DrawStatus.Cancelled };

    public bool CanCommit => Open && IsParty && Mine is null or { Sha256.Length: 0 } && !DeadlinePassed;

    public bool CanReveal => Open && IsParty && Mine is { Sha256.Length: > 0, Generated: false, Revealed: false } && AllCommitted;

    public bool CanRecordPublicValue => Open && Draw!.OfficeId == Caller.DepartmentId && Caller.Role == Roles.Supervisor
        && DeadlinePassed && Draw.PublicValue.Length == 0;

    public bool CanExecute => Open && IsParty && Draw!.PublicValue.Length > 0 && Draw.Commitments.All(c => c.Generated || c.Revealed);

    /// <summary>Where the draw stands, as the steps' list numbers it (1 prepare … 5 executed).</summary>
    public int Step => Draw switch
    {
        null or { Status: DrawStatus.Lapsed or DrawStatus.Cancelled } => 1,
        { Status: DrawStatus.Executed } => 5,
        _ when !AllCommitted => 2,
        { PublicValue.Length: 0 } => 3,
        _ => 4,
    };

    /// <summary>A party's commitment as the page words it.</summary>
    public static string Commitment(PartyState? state) => state switch
    {
        null or { Sha256.Length: 0 } => "未提交承诺",
        { Generated: true } => "已承诺（秘密值由抽取引擎生成并密封保管，执行时揭示）",
        { Revealed: true } => "已承诺，已揭示秘密值",
        _ => "已承诺，待揭示秘密值",
    };

    /// <summary>A deadline typed into a datetime-local field, read as Beijing time.</summary>
    public static Timestamp? Deadline(string? local) =>
        DateTime.TryParse(local, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? Timestamp.FromDateTimeOffset(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Unspecified), TimeSpan.FromHours(8)))
            : null;

    public static string Local(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The draw the task allows: its inspecting departments and their items, its scope, a stratum per risk quota.</summary>
    public PrepareDrawRequest Request(PublicRandomness randomness, Timestamp? deadline)
    {
        var inspecting = Task.Departments.Where(d => d.Stage is not (DepartmentStage.Invited or DepartmentStage.Declined)).ToList();
        var request = new PrepareDrawRequest
        {
            TaskId = Task.TaskId, DepartmentIds = { inspecting.Select(d => d.DepartmentId) }, ItemIds = { inspecting.SelectMany(d => d.Items) },
            Scope = new Scope
            {
                Divisions = { Task.Scope.Divisions }, Industries = { Task.Scope.Industries }, EntityTypes = { Task.Scope.EntityTypes },
                Tags = { Task.Scope.Tags }, SubLibraries = { Task.Scope.SubLibraries },
            },
            PublicRandomness = randomness, CommitDeadline = deadline,
        };
        foreach (var quota in Task.Quotas)
            request.Strata.Add(quota.SizeCase == RiskQuota.SizeOneofCase.Percent
                ? new Stratum { Label = quota.RiskClass, RiskClasses = { quota.RiskClass }, Percent = quota.Percent }
                : new Stratum { Label = quota.RiskClass, RiskClasses = { quota.RiskClass }, Count = quota.Count });
        return request;
    }
}

public sealed class PrepareForm : Tasks.CommandForm
{
    public string? Source { get; set; }
    public string? Round { get; set; }
    public string? Deadline { get; set; }
}

/// <summary>A party's commitment: the engine keeps a sealed secret ("engine"), or the SHA-256 of the party's own ("own").</summary>
public sealed class CommitForm : Tasks.CommandForm
{
    public string? Mode { get; set; }
    public string? Sha256 { get; set; }
}

public sealed class RevealForm : Tasks.CommandForm
{
    public string? Secret { get; set; }
}

public sealed class PublicValueForm : Tasks.CommandForm
{
    public string? Value { get; set; }
}

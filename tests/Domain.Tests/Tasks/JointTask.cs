using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using static Shuangsuiji.Domain.Tests.Given;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>A joint task of the city market regulator (lead) and the health commission, checked in September 2022.</summary>
public static class JointTask
{
    public const string Id = "QHD-2022-LH-01";
    public const string Lead = "130300-AMR";
    public const string Partner = "130300-HWC";
    public const string LeadItem = "130300-AMR:HBSC-001";
    public const string PartnerItem = "130300-HWC:WJ-001";
    public static readonly string[] Usccs = ["91130302MA0A000011", "92130303MA0B000022"];
    public static readonly DateOnly From = new(2022, 9, 1), To = new(2022, 9, 30);

    /// <summary>The Sunday the results of a check ended on 5 September are due (a make-up working day).</summary>
    public static readonly DateTimeOffset Later = new(2022, 10, 9, 10, 0, 0, TimeSpan.FromHours(8));

    public static CommandContext At(string department, string role = Roles.Staff) => As(department, role) with { Now = Later };

    public static Caller By(string department, string role = Roles.Staff) => new($"{role}-{department}", department, role);

    public static readonly PlanScope Scope = new(["1303"], ["H"], [], [], []);

    public static readonly object[] Drafted =
    [
        new TaskCreated(Id, Lead, "餐饮服务联合抽查", [LeadItem], Scope, [new RiskQuota("B", 2m, null)], From, To, null, "专项整治", By(Lead), Now),
        new PartnerInvited(Id, Partner, [PartnerItem], By(Lead), Now),
    ];

    public static readonly object[] Drawn =
    [
        .. Drafted,
        new InvitationAccepted(Id, Partner, By(Partner), Now),
        new TaskApproved(Id, By(Lead, Roles.Reviewer), Now),
        new PartnersConfirmed(Id, [Lead, Partner], By(Lead), Now),
        new EntitiesDrawn(Id, "D-001", Usccs, By(Lead), Now),
    ];

    public static readonly object[] Checking =
    [
        .. Drawn,
        new DepartmentInspectorsMatched(Id, Lead, By(Lead), Now),
        new DepartmentInspectorsMatched(Id, Partner, By(Partner), Now),
        new ChecksStarted(Id, By(Lead), Now),
    ];

    public static InspectionTask Task(params object[] events) => State<InspectionTask>(events);

    /// <summary>The department's team the draw engine matched to each entity: the clean entry's inspector and one more.</summary>
    public static string[] Team(string department) => [$"{department}-INSPECTOR-1", $"{department}-INSPECTOR-2"];

    public static ResultEntry Clean(string department) => new([new(2022, 9, 5)], [CheckMethod.OnSite], [ResultCategory.NoProblem], [],
        [new(department == Lead ? LeadItem : PartnerItem, true, false, null)], [], [$"{department}-INSPECTOR-1"], []);

    public static ResultEntry Problem(string department) => Clean(department) with
    {
        Categories = [ResultCategory.ProblemPending],
        PendingReasons = [PendingReason.UndisclosedInformation],
        Items = [new(department == Lead ? LeadItem : PartnerItem, true, true, "责令限期公示")],
    };

    /// <summary>A department's result for an entity, from its events.</summary>
    public static EntityResult Result(string department, string uscc, ResultEntry entry, params object[] more)
    {
        var id = EntityResult.IdOf(Id, department, uscc);
        return State<EntityResult>([new ResultSubmitted(id, Id, department, uscc, entry, By(department), Now), .. more]);
    }

    public static EntityResult Approved(string department, string uscc, ResultEntry entry, params object[] more) =>
        Result(department, uscc, entry, [new ResultApproved(EntityResult.IdOf(Id, department, uscc), By(department, Roles.Reviewer), Now), .. more]);
}

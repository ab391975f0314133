using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.JointItems;
using Shuangsuiji.Tasks.Plans;
using static Shuangsuiji.Domain.Tests.Given;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class PlanDeciderTests
{
    private const string Amr = "130300-AMR";
    private const string Health = "130300-HWC";
    private static readonly Caller Staff = new("staff-1", Amr, Roles.Staff);
    private static readonly Caller Reviewer = new("reviewer-1", Amr, Roles.Reviewer);

    public static PlannedTask Own(string code = "LH-01") => new(code, "食品经营许可事项抽查", [$"{Amr}:HBSC-001"],
        new PlanScope(["1303"], ["F52"], ["enterprise"], [], []), [new RiskQuota("A", 1m, null), new RiskQuota("D", null, 20)],
        new DateOnly(2022, 5, 1), new DateOnly(2022, 6, 30), false, Amr, []);

    /// <summary>A department with no level above to file with (a province department's plan).</summary>
    private static readonly Func<string, IReadOnlyList<string>> NoOne = _ => [];

    private static readonly PlanBatch[] Batches = [new(1, "第一批次", [Own()])];

    private static AnnualPlan Drafted(params object[] more) =>
        State<AnnualPlan>([new PlanDrafted("130300-AMR:2022", Amr, 2022, Batches, Staff, Now), .. more]);

    private static AnnualPlan PublishedOnce(params object[] more) => Drafted([new PlanApproved("130300-AMR:2022", Reviewer, Now),
        new PlanPublished("130300-AMR:2022", 1, Batches, null, Staff, Now), .. more]);

    [Fact]
    public void Staff_draft_their_departments_plan()
    {
        var drafted = Single<PlanDrafted>(PlanDecider.Draft(null, Amr, 2022, Batches, As(Amr)));
        Assert.Equal(("130300-AMR:2022", 2022), (drafted.PlanId, drafted.Year));
        Assert.Equal(Now, drafted.At);
    }

    [Theory]
    [InlineData(Health, Roles.Staff)]
    [InlineData(Amr, Roles.Reviewer)]
    [InlineData(Amr, Roles.Supervisor)]
    public void Only_the_departments_staff_draft_its_plan(string department, string role) =>
        Assert.Throws<ForbiddenException>(() => PlanDecider.Draft(null, Amr, 2022, Batches, As(department, role)));

    [Theory]
    [InlineData(Amr, Roles.Staff)]
    [InlineData(Health, Roles.Reviewer)]
    public void Only_a_reviewer_of_the_same_department_approves(string department, string role) =>
        Assert.Throws<ForbiddenException>(() => PlanDecider.Approve(Drafted(), As(department, role)));

    [Fact]
    public void Draft_approve_publish_gives_version_1()
    {
        var approved = Single<PlanApproved>(PlanDecider.Approve(Drafted(), As(Amr, Roles.Reviewer)));
        var published = Single<PlanPublished>(PlanDecider.Publish(Drafted(approved), NoOne, As(Amr)));
        Assert.Equal((1, (string?)null), (published.Version, published.Reason));
        var plan = Drafted(approved, published);
        Assert.Equal(PlanStatus.Published, plan.Status);
        Assert.Equal(Amr, plan.Published!.ApprovedBy.DepartmentId);
        Assert.Equal(Roles.Reviewer, plan.Published.ApprovedBy.Role);
    }

    [Fact]
    public void Publishing_an_unapproved_plan_names_its_state()
    {
        var error = Assert.Throws<RuleViolationException>(() => PlanDecider.Publish(Drafted(), NoOne, As(Amr)));
        Assert.Contains("is Draft", error.Message);
    }

    [Fact]
    public void A_published_plan_is_changed_only_through_an_adjustment_with_a_reason()
    {
        Assert.Contains("is Published", Assert.Throws<RuleViolationException>(() => PlanDecider.Revise(PublishedOnce(), Batches, As(Amr))).Message);
        Assert.Equal("reason", Assert.Throws<InvalidFieldException>(() => PlanDecider.StartAdjustment(PublishedOnce(), " ", As(Amr))).Field);
    }

    [Fact]
    public void An_adjustment_is_approved_and_published_as_the_next_version_and_every_version_stays()
    {
        var events = new List<object>();
        AnnualPlan Plan() => PublishedOnce([.. events]);
        PlanBatch[] adjusted = [new(1, "第一批次", [Own()]), new(2, "第二批次", [Own("LH-02") with { From = new(2022, 9, 1), To = new(2022, 9, 30) }])];

        events.AddRange(PlanDecider.StartAdjustment(Plan(), "国家局专项部署", As(Amr)));
        events.AddRange(PlanDecider.Revise(Plan(), adjusted, As(Amr)));
        Assert.Contains("is Adjusting", Assert.Throws<RuleViolationException>(() => PlanDecider.Publish(Plan(), NoOne, As(Amr))).Message);
        Assert.Equal(PlanStatus.Adjusting, Plan().Status);
        Assert.Single(Plan().Published!.Batches); // version 1 stays in force meanwhile

        events.AddRange(PlanDecider.Approve(Plan(), As(Amr, Roles.Reviewer)));
        var published = Single<PlanPublished>(PlanDecider.Publish(Plan(), NoOne, As(Amr)));
        Assert.Equal((2, "国家局专项部署"), (published.Version, published.Reason));

        events.Add(published);
        Assert.Equal([1, 2], Plan().Versions.Select(v => v.Version));
        Assert.Single(Plan().Versions[0].Batches);
        Assert.Equal(2, Plan().Versions[1].Batches.Count);
        Assert.Null(Plan().AdjustmentReason);
    }

    [Theory]
    [InlineData("joint without participants", "batches[0].tasks[0].participant_ids")]
    [InlineData("own task led by another", "batches[0].tasks[0].lead_department_id")]
    [InlineData("joint task without this department", "batches[0].tasks[0].lead_department_id")]
    [InlineData("period outside the year", "batches[0].tasks[0].from")]
    [InlineData("period backwards", "batches[0].tasks[0].to")]
    [InlineData("another department's item", "batches[0].tasks[0].items[0]")]
    [InlineData("percent and count", "batches[0].tasks[0].quotas[0]")]
    [InlineData("bad division", "batches[0].tasks[0].scope.divisions[0]")]
    [InlineData("code used twice", "batches[1].tasks[0].code")]
    public void Plan_content_errors_name_their_field(string case_, string field)
    {
        var task = Own();
        PlanBatch[] batches = case_ switch
        {
            "joint without participants" => [new(1, "一", [task with { Joint = true }])],
            "own task led by another" => [new(1, "一", [task with { LeadDepartmentId = Health }])],
            "joint task without this department" => [new(1, "一", [task with { Joint = true, LeadDepartmentId = Health, ParticipantIds = ["130300-EPB"] }])],
            "period outside the year" => [new(1, "一", [task with { To = new(2023, 1, 31) }])],
            "period backwards" => [new(1, "一", [task with { From = new(2022, 7, 1) }])],
            "another department's item" => [new(1, "一", [task with { Items = [$"{Health}:WJ-001"] }])],
            "percent and count" => [new(1, "一", [task with { Quotas = [new("A", 1m, 3)] }])],
            "bad division" => [new(1, "一", [task with { Scope = task.Scope with { Divisions = ["秦皇岛"] } }])],
            _ => [new(1, "一", [task]), new(2, "二", [task])],
        };
        Assert.Equal(field, Assert.Throws<InvalidFieldException>(() => PlanDecider.Draft(null, Amr, 2022, batches, As(Amr))).Field);
    }

    [Fact]
    public void A_department_plans_the_joint_tasks_it_takes_part_in()
    {
        var joint = Own() with { Joint = true, LeadDepartmentId = Health, ParticipantIds = [Amr] };
        Single<PlanDrafted>(PlanDecider.Draft(null, Amr, 2022, [new(1, "一", [joint])], As(Amr)));
    }

    private static readonly JointItem Catering = new("130300", "LH-01", "餐饮单位联合抽查", [$"{Amr}:HBSC-001", $"{Amr}:HBSC-002", $"{Health}:WS-001"], 3);

    private static PlannedTask FromList(string code = "LH-01") => Own() with { Items = [], LeadDepartmentId = "", JointItem = new JointItemRef(code) };

    private static JointItem? Listed(string code) => code == Catering.Code ? Catering : null;

    [Fact]
    public void A_task_taken_from_a_joint_item_is_joint_and_the_item_fills_what_the_plan_leaves_blank()
    {
        var drafted = Single<PlanDrafted>(PlanDecider.Draft(null, Amr, 2022, [new(1, "一", [FromList()])], As(Amr), Listed));
        var task = drafted.Batches[0].Tasks[0];
        Assert.Equal((true, Amr), (task.Joint, task.LeadDepartmentId));
        Assert.Equal([Health], task.ParticipantIds);
        Assert.Equal([$"{Amr}:HBSC-001", $"{Amr}:HBSC-002"], task.Items);
        Assert.Equal(new JointItemRef("LH-01", "130300", "餐饮单位联合抽查", 3), task.JointItem);
    }

    [Theory]
    [InlineData("unknown code", "batches[0].tasks[0].joint_item_code", "JOINT_ITEM_UNKNOWN")]
    [InlineData("department not in the item", "batches[0].tasks[0].joint_item_code", "JOINT_ITEM_MISMATCH")]
    [InlineData("partner not in the item", "batches[0].tasks[0].participant_ids[0]", "JOINT_ITEM_MISMATCH")]
    [InlineData("item not in the joint item", "batches[0].tasks[0].items[0]", "JOINT_ITEM_MISMATCH")]
    public void What_a_plan_gives_must_lie_within_the_joint_item(string case_, string field, string reason)
    {
        var (department, task) = case_ switch
        {
            "unknown code" => (Amr, FromList("LH-99")),
            "department not in the item" => ("130300-EPB", FromList() with { Code = "X", Items = ["130300-EPB:HJ-001"] }),
            "partner not in the item" => (Amr, FromList() with { ParticipantIds = ["130300-EPB"] }),
            _ => (Amr, FromList() with { Items = [$"{Amr}:HBSC-009"] }),
        };
        var refused = Assert.Throws<InvalidFieldException>(() => PlanDecider.Draft(null, department, 2022, [new(1, "一", [task])], As(department), Listed));
        Assert.Equal((field, reason), (refused.Field, refused.Reason.Code));
    }

    [Fact]
    public void Tags_and_sub_libraries_are_named_as_the_directories_name_them()
    {
        var scope = PlanDecider.Valid(new PlanScope(["130302"], [], [], ["industry/catering"], ["130300-AMR/licensed-food-businesses"]), "scope");
        Assert.Equal(["130300-AMR/licensed-food-businesses"], scope.SubLibraries);
        var bad = Assert.Throws<InvalidFieldException>(() => PlanDecider.Valid(new PlanScope(["130302"], [], [], [], ["licensed-food"]), "scope"));
        Assert.StartsWith("scope.sub_libraries[0]:", bad.Message);
    }
}

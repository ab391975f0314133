using Shuangsuiji.Tasks.Plans;
using static Shuangsuiji.Domain.Tests.Given;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class OverlapFinderTests
{
    private const string Amr = "130300-AMR", Health = "130300-HWC", Env = "130300-EPB";

    private static PlannedTask Task(string department, string code, string from, string to, PlanScope scope) =>
        new(code, $"{department} {code}", [$"{department}:{code}"], scope, [new RiskQuota("B", 2m, null)],
            DateOnly.Parse(from), DateOnly.Parse(to), false, department, []);

    private static PlanScope Scope(string[] divisions, string[]? industries = null, string[]? types = null, string[]? subLibraries = null) =>
        new(divisions, industries ?? [], types ?? [], ["餐饮"], subLibraries ?? []);

    private static AnnualPlan Published(string department, params PlannedTask[] tasks)
    {
        var by = new Caller("u", department, Roles.Staff);
        var id = AnnualPlan.IdOf(department, 2022);
        PlanBatch[] batches = [new(1, "第一批次", tasks)];
        return State<AnnualPlan>(new PlanDrafted(id, department, 2022, batches, by, Now), new PlanApproved(id, by, Now),
            new PlanPublished(id, 1, batches, null, by, Now));
    }

    [Fact]
    public void Tasks_of_two_departments_in_the_same_months_and_districts_are_proposed_as_one_joint_task()
    {
        var proposals = OverlapFinder.Find([
            Published(Health, Task(Health, "WJ-01", "2022-05-15", "2022-07-15", Scope(["130302"], ["H"]))),
            Published(Amr, Task(Amr, "SC-01", "2022-05-01", "2022-06-30", Scope(["1303"], ["H62"], ["enterprise"]))),
        ]);
        var proposal = Assert.Single(proposals);
        Assert.Equal([Amr, Health], proposal.DepartmentIds);
        Assert.Equal(["130300-AMR:SC-01"], proposal.Tasks[0].Items);
        Assert.Equal((new DateOnly(2022, 5, 15), new DateOnly(2022, 6, 30)), (proposal.From, proposal.To));
        Assert.Equal(["130302"], proposal.Scope.Divisions);
        Assert.Equal(["H62"], proposal.Scope.Industries);
        Assert.Equal(["enterprise"], proposal.Scope.EntityTypes);
        Assert.Empty(proposal.Scope.Tags);
    }

    [Theory]
    [InlineData("periods apart")]
    [InlineData("other district")]
    [InlineData("other industry")]
    [InlineData("other entity type")]
    [InlineData("other sub-library")]
    public void Tasks_that_cannot_meet_the_same_entity_are_not_proposed(string case_)
    {
        var a = Task(Amr, "SC-01", "2022-05-01", "2022-06-30", Scope(["130302"], ["H"], ["enterprise"], ["food"]));
        var b = case_ switch
        {
            "periods apart" => Task(Health, "WJ-01", "2022-07-01", "2022-07-31", a.Scope),
            "other district" => Task(Health, "WJ-01", "2022-05-01", "2022-06-30", a.Scope with { Divisions = ["130303"] }),
            "other industry" => Task(Health, "WJ-01", "2022-05-01", "2022-06-30", a.Scope with { Industries = ["F52"] }),
            "other entity type" => Task(Health, "WJ-01", "2022-05-01", "2022-06-30", a.Scope with { EntityTypes = ["individual_business"] }),
            _ => Task(Health, "WJ-01", "2022-05-01", "2022-06-30", a.Scope with { SubLibraries = ["drugs"] }),
        };
        Assert.Empty(OverlapFinder.Find([Published(Amr, a), Published(Health, b)]));
    }

    [Fact]
    public void A_departments_own_tasks_are_not_paired_with_each_other() =>
        Assert.Empty(OverlapFinder.Find([Published(Amr,
            Task(Amr, "SC-01", "2022-05-01", "2022-06-30", Scope(["1303"])), Task(Amr, "SC-02", "2022-05-01", "2022-06-30", Scope(["1303"])))]));

    [Fact]
    public void Three_departments_form_one_group_narrowed_to_what_all_share()
    {
        var proposals = OverlapFinder.Find([
            Published(Env, Task(Env, "HB-01", "2022-06-01", "2022-06-30", Scope(["130302", "130303"]))),
            Published(Amr, Task(Amr, "SC-01", "2022-05-01", "2022-06-30", Scope(["1303"]))),
            Published(Health, Task(Health, "WJ-01", "2022-06-10", "2022-08-31", Scope(["130303"]))),
        ]);
        var proposal = Assert.Single(proposals);
        Assert.Equal([Amr, Env, Health], proposal.DepartmentIds);
        Assert.Equal((new DateOnly(2022, 6, 10), new DateOnly(2022, 6, 30)), (proposal.From, proposal.To));
        Assert.Equal(["130303"], proposal.Scope.Divisions);
    }

    [Fact]
    public void A_task_overlapping_two_others_at_different_times_is_in_two_proposals_in_a_stable_order()
    {
        AnnualPlan[] plans = [
            Published(Amr, Task(Amr, "SC-01", "2022-03-01", "2022-10-31", Scope(["1303"]))),
            Published(Health, Task(Health, "WJ-01", "2022-03-01", "2022-03-31", Scope(["1303"]))),
            Published(Env, Task(Env, "HB-01", "2022-09-01", "2022-09-30", Scope(["1303"]))),
        ];
        var proposals = OverlapFinder.Find(plans);
        Assert.Equal([[Amr, Env], [Amr, Health]], proposals.Select(p => p.DepartmentIds.ToArray()));
        Assert.Equal(proposals.Select(p => p.DepartmentIds.ToArray()), OverlapFinder.Find(plans.Reverse()).Select(p => p.DepartmentIds.ToArray()));
    }

    [Fact]
    public void Tasks_already_planned_together_are_not_proposed_again()
    {
        var lead = Task(Amr, "LH-01", "2022-05-01", "2022-06-30", Scope(["1303"])) with { Joint = true, ParticipantIds = [Health] };
        var partner = Task(Health, "LH-01", "2022-05-01", "2022-06-30", Scope(["1303"])) with { Joint = true, LeadDepartmentId = Amr, ParticipantIds = [Health] };
        Assert.Empty(OverlapFinder.Find([Published(Amr, lead), Published(Health, partner)]));
    }

    [Fact]
    public void Only_published_plans_count()
    {
        var by = new Caller("u", Health, Roles.Staff);
        var draft = State<AnnualPlan>(new PlanDrafted("130300-HWC:2022", Health, 2022,
            [new(1, "一", [Task(Health, "WJ-01", "2022-05-01", "2022-06-30", Scope(["1303"]))])], by, Now));
        Assert.Empty(OverlapFinder.Find([Published(Amr, Task(Amr, "SC-01", "2022-05-01", "2022-06-30", Scope(["1303"]))), draft]));
    }
}

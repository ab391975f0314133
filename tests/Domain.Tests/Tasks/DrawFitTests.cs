using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.Draws;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.ReturnVisits;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>What a task (or return visit) allows its draw to be, decided where the task's state is.</summary>
public sealed class DrawFitTests
{
    private static readonly object[] Ready =
    [
        .. Drafted, new InvitationAccepted(Id, Partner, By(Partner), Now), new TaskApproved(Id, By(Lead, Roles.Reviewer), Now),
        new PartnersConfirmed(Id, [Lead, Partner], By(Lead), Now),
    ];

    private static readonly PlanScope Open = new([], [], [], [], []);

    private static AskedDraw Asked(params string[][] strataClasses) => new([], [], Open, strataClasses, null, []);

    [Fact]
    public void A_draw_takes_its_task_departments_items_and_scope_and_may_only_narrow_the_scope()
    {
        var task = Task(Ready);
        var fitted = DrawFit.ForTask(task, Asked(["B"]));
        Assert.Equal([Lead, Partner], fitted.Departments);
        Assert.Equal([LeadItem, PartnerItem], fitted.Items);
        Assert.Equal((Scope.Divisions, Scope.Industries), (fitted.Scope.Divisions, fitted.Scope.Industries));
        Assert.Equal([new RiskQuota("B", 2m, null)], fitted.Quotas);
        Assert.Equal(["H62"], DrawFit.ForTask(task, Asked(["B"]) with { Scope = Open with { Industries = ["H62"] } }).Scope.Industries);
        Assert.Equal(["tag/x"], DrawFit.ForTask(task, Asked(["B"]) with { Scope = Open with { Tags = ["tag/x"] } }).Scope.Tags); // the task leaves tags open
        Assert.Equal("scope.industries", Assert.Throws<InvalidFieldException>(() =>
            DrawFit.ForTask(task, Asked(["B"]) with { Scope = Open with { Industries = ["F52"] } })).Field);
        Assert.Equal("department_ids", Assert.Throws<InvalidFieldException>(() => DrawFit.ForTask(task, Asked(["B"]) with { Departments = [Partner, Lead] })).Field);
        Assert.Equal("department_ids", Assert.Throws<InvalidFieldException>(() => DrawFit.ForTask(task, Asked(["B"]) with { Departments = [Lead] })).Field);
        Assert.Equal("item_ids[0]", Assert.Throws<InvalidFieldException>(() => DrawFit.ForTask(task, Asked(["B"]) with { Items = ["130300-AMR:HBSC-999"] })).Field);
        var noStratum = Assert.Throws<InvalidFieldException>(() => DrawFit.ForTask(task, Asked(["C", "D"], [])));
        Assert.Equal(("strata.risk_classes", "strata.risk_classes: the task draws class B (2 %): give it a stratum"), (noStratum.Field, noStratum.Message));
    }

    [Fact]
    public void A_task_takes_a_first_draw_once_its_partners_are_confirmed_and_a_re_draw_only_before_any_match()
    {
        Assert.Contains("not ready for its draw", Assert.Throws<RuleViolationException>(() => DrawFit.ForTask(Task(Drafted), Asked(["B"]))).Message);
        Assert.Contains("has been drawn (draw D-001)", Assert.Throws<RuleViolationException>(() => DrawFit.ForTask(Task(Drawn), Asked(["B"]))).Message);
        Assert.Equal("redraw_of", Assert.Throws<InvalidFieldException>(() => DrawFit.ForTask(Task(Drawn), Asked(["B"]) with { RedrawOf = "D-000" })).Field);
        Assert.Equal([Lead, Partner], DrawFit.ForTask(Task(Drawn), Asked(["B"]) with { RedrawOf = "D-001" }).Departments);
        var matched = Task([.. Drawn, new DepartmentInspectorsMatched(Id, Partner, By(Partner), Now)]);
        Assert.Contains("has matched inspectors", Assert.Throws<RuleViolationException>(() => DrawFit.Takes(matched, "D-001")).Message);
    }

    [Fact]
    public void A_return_visits_draw_is_its_offices_over_exactly_its_tasks_before_any_visit()
    {
        const string office = "130300-OFFICE";
        var planned = State<ReturnVisit>(new ReturnVisitPlanned("RV-1", office, "回访", [Id, "QHD-2022-02"], null, By(office, Roles.Supervisor), Now));
        var asked = new AskedDraw([], [], Open, [["A", "B"]], null, ["QHD-2022-02", Id]);
        var terms = DrawFit.ForVisit(planned, asked);
        Assert.Equal([office], terms.Departments);
        Assert.Empty(terms.Quotas);
        Assert.Equal("department_ids", Assert.Throws<InvalidFieldException>(() => DrawFit.ForVisit(planned, asked with { Departments = [Lead] })).Field);
        Assert.Equal("sampled_task_ids", Assert.Throws<InvalidFieldException>(() => DrawFit.ForVisit(planned, asked with { SampledTasks = [Id] })).Field);
        var drawn = State<ReturnVisit>(new ReturnVisitPlanned("RV-1", office, "回访", [Id, "QHD-2022-02"], null, By(office, Roles.Supervisor), Now),
            new ReturnVisitDrawn("RV-1", "draw-rv", [new SampledEntity(Usccs[0], [Id])], By(office, Roles.Supervisor), Now));
        Assert.Throws<RuleViolationException>(() => DrawFit.ForVisit(drawn, asked));
        Assert.Equal([office], DrawFit.ForVisit(drawn, asked with { RedrawOf = "draw-rv" }).Departments);
        var visited = State<ReturnVisit>(new ReturnVisitPlanned("RV-1", office, "回访", [Id, "QHD-2022-02"], null, By(office, Roles.Supervisor), Now),
            new ReturnVisitDrawn("RV-1", "draw-rv", [new SampledEntity(Usccs[0], [Id])], By(office, Roles.Supervisor), Now),
            new EntityVisited("RV-1", Usccs[0], new DateOnly(2022, 10, 10), VisitOutcome.Confirmed, null, By(office, Roles.Supervisor), Now));
        Assert.Throws<RuleViolationException>(() => DrawFit.ForVisit(visited, asked with { RedrawOf = "draw-rv" }));
    }
}

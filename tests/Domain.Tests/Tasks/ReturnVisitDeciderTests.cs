using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.ReturnVisits;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class ReturnVisitDeciderTests
{
    private const string Office = "130300-OFFICE", VisitId = "RV-2022-01";

    private static readonly InspectionTask Closed = Task([.. Checking, new TaskClosed(Id, new(2022, 10, 20), By(Lead), Now)]);

    /// <summary>The city office supervises every department of the city.</summary>
    private static readonly Func<string, bool> Everywhere = _ => true;

    private static CommandContext OfOffice => At(Office, Roles.Supervisor);

    private static ReturnVisit Visit(params object[] events) => State<ReturnVisit>(events);

    private static readonly ReturnVisitPlanned Planned = new(VisitId, Office, "2022年第四季度回访", [Id], null, By(Office, Roles.Supervisor), Now);

    private static ReturnVisitDrawn DrawnOf(params string[] usccs) =>
        new(VisitId, "D-RV-1", [.. usccs.Select(u => new SampledEntity(u, [Id]))], By(Office, Roles.Supervisor), Now);

    [Fact]
    public void Only_the_office_plans_a_return_visit_and_only_over_closed_tasks()
    {
        var command = new PlanReturnVisit(VisitId, Office, "2022年第四季度回访", [Id], "抽查效果评估");
        var planned = Single<ReturnVisitPlanned>(ReturnVisitDecider.Plan(null, command, _ => Closed, Everywhere, OfOffice));
        Assert.Equal((Office, Id), (planned.OfficeId, Assert.Single(planned.TaskIds)));

        Assert.Throws<ForbiddenException>(() => ReturnVisitDecider.Plan(null, command, _ => Closed, Everywhere, At(Office)));
        Assert.Throws<ForbiddenException>(() => ReturnVisitDecider.Plan(null, command, _ => Closed, Everywhere, At(Lead, Roles.Supervisor)));
        var running = Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.Plan(null, command, _ => Task(Checking), Everywhere, OfOffice));
        Assert.Contains("is Checking", running.Message);
        Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.Plan(null, command, _ => null, Everywhere, OfOffice));
        Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.Plan(null, command with { TaskIds = [Id, Id] }, _ => Closed, Everywhere, OfOffice));
        Assert.Throws<AlreadyExistsException>(() => ReturnVisitDecider.Plan(Visit(Planned), command, _ => Closed, Everywhere, OfOffice));
    }

    [Fact]
    public void An_office_samples_only_tasks_whose_departments_all_lie_in_its_region()
    {
        var command = new PlanReturnVisit(VisitId, "130302-OFFICE", "海港区回访", [Id], null);
        var outside = Assert.Throws<ForbiddenException>(() =>
            ReturnVisitDecider.Plan(null, command, _ => Closed, d => d == Lead, At("130302-OFFICE", Roles.Supervisor)));
        Assert.Equal(("TASK_OUTSIDE_REGION", Partner), (outside.Reason.Code, outside.Metadata["department_id"]));
        Assert.Single(ReturnVisitDecider.Plan(null, command, _ => Closed, _ => true, At("130302-OFFICE", Roles.Supervisor)));
    }

    [Fact]
    public void Only_the_offices_draw_over_exactly_the_visits_tasks_is_recorded_with_the_task_of_each_entity()
    {
        var visit = Visit(Planned);
        var drawn = Single<ReturnVisitDrawn>(ReturnVisitDecider.RecordDraw(visit, "D-RV-1", Office, [Id], null, [Usccs[1]], [Closed], OfOffice));
        var entity = Assert.Single(drawn.Entities);
        Assert.Equal(Usccs[1], entity.Uscc);
        Assert.Equal([Id], entity.TaskIds);

        Assert.Throws<RuleViolationException>(() => ReturnVisitDecider.RecordDraw(visit, "D-X", Lead, [Id], null, [Usccs[1]], [Closed], OfOffice));
        Assert.Throws<RuleViolationException>(() => ReturnVisitDecider.RecordDraw(visit, "D-X", Office, [Id, "OTHER"], null, [Usccs[1]], [Closed], OfOffice));
        // Once drawn, only a re-draw of that draw replaces it, and only before the first visit.
        var done = Visit(Planned, drawn);
        Assert.Throws<RuleViolationException>(() => ReturnVisitDecider.RecordDraw(done, "D-RV-2", Office, [Id], null, [Usccs[0]], [Closed], OfOffice));
        Assert.Single(ReturnVisitDecider.RecordDraw(done, "D-RV-2", Office, [Id], "D-RV-1", [Usccs[0]], [Closed], OfOffice));
        var visited = Visit(Planned, drawn, new EntityVisited(VisitId, Usccs[1], new(2022, 10, 8), VisitOutcome.Confirmed, null, By(Office, Roles.Supervisor), Now));
        Assert.Throws<RuleViolationException>(() => ReturnVisitDecider.RecordDraw(visited, "D-RV-2", Office, [Id], "D-RV-1", [Usccs[0]], [Closed], OfOffice));
    }

    [Fact]
    public void Each_drawn_entity_is_visited_once_with_findings_unless_the_result_held_and_then_the_visit_closes()
    {
        var visit = Visit(Planned, DrawnOf(Usccs));
        Assert.Throws<RuleViolationException>(() => ReturnVisitDecider.RecordVisit(Visit(Planned), Usccs[0], new(2022, 10, 8), VisitOutcome.Confirmed, null, OfOffice));
        Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.RecordVisit(visit, "91130302MA0A999999", new(2022, 10, 8), VisitOutcome.Confirmed, null, OfOffice));
        var noFindings = Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.RecordVisit(visit, Usccs[0], new(2022, 10, 8), VisitOutcome.NotCorrected, " ", OfOffice));
        Assert.StartsWith("findings:", noFindings.Message);
        Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.RecordVisit(visit, Usccs[0], new(2022, 10, 10), VisitOutcome.Confirmed, null, OfOffice));
        Assert.Throws<ForbiddenException>(() => ReturnVisitDecider.RecordVisit(visit, Usccs[0], new(2022, 10, 8), VisitOutcome.Confirmed, null, At(Lead)));

        var first = Single<EntityVisited>(ReturnVisitDecider.RecordVisit(visit, Usccs[0], new(2022, 10, 8), VisitOutcome.NotCorrected, "责令改正事项未整改", OfOffice));
        visit = Visit(Planned, DrawnOf(Usccs), first);
        Assert.Throws<AlreadyExistsException>(() => ReturnVisitDecider.RecordVisit(visit, Usccs[0], new(2022, 10, 8), VisitOutcome.Confirmed, null, OfOffice));
        var waiting = Assert.Throws<RuleViolationException>(() => ReturnVisitDecider.Close(visit, new(2022, 10, 9), "回访两户", OfOffice));
        Assert.Contains(Usccs[1], waiting.Message);

        visit = Visit(Planned, DrawnOf(Usccs), first,
            Single<EntityVisited>(ReturnVisitDecider.RecordVisit(visit, Usccs[1], new(2022, 10, 9), VisitOutcome.Confirmed, null, OfOffice)));
        Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.Close(visit, new(2022, 10, 8), "回访两户", OfOffice));
        Assert.Throws<InvalidFieldException>(() => ReturnVisitDecider.Close(visit, new(2022, 10, 9), "", OfOffice));
        var closed = Visit(Planned, DrawnOf(Usccs), visit.Visits[0], visit.Visits[1],
            Single<ReturnVisitClosed>(ReturnVisitDecider.Close(visit, new(2022, 10, 9), "回访两户，一户未整改，已通报", OfOffice)));
        Assert.Equal((ReturnVisitStatus.Closed, new DateOnly(2022, 10, 9)), (closed.Status, closed.ClosedOn));
        Assert.Throws<RuleViolationException>(() => ReturnVisitDecider.RecordVisit(closed, Usccs[1], new(2022, 10, 9), VisitOutcome.Confirmed, null, OfOffice));
    }
}

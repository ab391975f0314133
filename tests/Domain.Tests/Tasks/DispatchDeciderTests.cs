using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Tasks;
using Shuangsuiji.Tasks.Departments;
using Shuangsuiji.Tasks.Dispatches;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>派发: the city market bureau sends a task to the county bureaus below it, which receive it as their own tasks.</summary>
public sealed class DispatchDeciderTests
{
    private static readonly DepartmentTree Tree = new([.. DepartmentTreeTests.Tree.All,
        new KnownDepartment("130304-AMR", "北戴河区市场监督管理局", "county", "130304", "130300-AMR", false, true, 2, "130302-AMR")]);

    private static SendDispatch Send(params string[] receivers) => new("PF-1", "130300-AMR", "食品经营单位专项抽查", ["130300-AMR:HBSC-001"],
        new PlanScope(["1303"], [], ["enterprise"], [], []), [new RiskQuota("D", null, 2)], new DateOnly(2022, 3, 1), new DateOnly(2022, 10, 31),
        "请于期限内完成", receivers, null);

    private static Dispatch Sent(params string[] receivers) =>
        Given.State<Dispatch>(DispatchDecider.Send(null, Send(receivers), Tree, null, Given.As("130300-AMR")).ToArray());

    [Fact]
    public void Sent_without_receivers_it_goes_to_every_department_of_the_system_directly_below_not_to_a_merged_one()
    {
        var sent = Given.Single<DispatchSent>(DispatchDecider.Send(null, Send(), Tree, null, Given.As("130300-AMR")));
        Assert.Equal(["130302-AMR", "130303-AMR"], sent.Receivers);
        Assert.Equal(["HBSC-001"], sent.Items);
    }

    [Theory]
    [InlineData("130300-HWC", "NOT_LOWER_DEPARTMENT")] // another system
    [InlineData("130000-AMR", "NOT_LOWER_DEPARTMENT")] // upwards
    [InlineData("130304-AMR", "DEPARTMENT_RETIRED")]   // merged into Haigang's
    public void A_receiver_outside_the_system_below_is_refused_by_name(string receiver, string reason)
    {
        var refused = Assert.Throws<InvalidFieldException>(() => DispatchDecider.Send(null, Send("130302-AMR", receiver), Tree, null, Given.As("130300-AMR")));
        Assert.Equal(("receivers[1]", reason), (refused.Field, refused.Reason.Code));
    }

    [Fact]
    public void A_receiver_whose_region_the_scope_does_not_reach_is_refused_by_name_and_left_out_of_all_below()
    {
        // The city bureau's task over Haigang (130302) alone.
        var haigang = Send() with { Scope = new PlanScope(["130302"], [], ["enterprise"], [], []) };
        var outside = Assert.Throws<InvalidFieldException>(() => DispatchDecider.Send(null, haigang with { Receivers = ["130302-AMR", "130303-AMR"] }, Tree, null,
            Given.As("130300-AMR")));
        Assert.Equal(("receivers[1]", "RECEIVER_OUTSIDE_SCOPE"), (outside.Field, outside.Reason.Code));
        Assert.Equal(["130302-AMR"], Given.Single<DispatchSent>(DispatchDecider.Send(null, haigang, Tree, null, Given.As("130300-AMR"))).Receivers);
        // A scope in another city reaches no one below.
        var elsewhere = Send() with { Scope = new PlanScope(["1302"], [], [], [], []) };
        var none = Assert.Throws<RuleViolationException>(() => DispatchDecider.Send(null, elsewhere, Tree, null, Given.As("130300-AMR")));
        Assert.Equal("NO_LOWER_DEPARTMENTS", none.Reason.Code);
    }

    [Fact]
    public void Only_the_senders_staff_send_and_a_department_with_nothing_below_has_no_one_to_send_to()
    {
        Assert.Throws<ForbiddenException>(() => DispatchDecider.Send(null, Send(), Tree, null, Given.As("130300-AMR", Roles.Reviewer)));
        Assert.Throws<ForbiddenException>(() => DispatchDecider.Send(null, Send(), Tree, null, Given.As("130302-AMR")));
        var county = Send() with { DepartmentId = "130302-AMR", Items = ["130302-AMR:HBSC-001"] };
        var none = Assert.Throws<RuleViolationException>(() => DispatchDecider.Send(null, county, Tree, null, Given.As("130302-AMR")));
        Assert.Equal("NO_LOWER_DEPARTMENTS", none.Reason.Code);
    }

    [Fact]
    public void A_receiver_takes_it_on_once_as_its_own_task_for_its_own_region_and_items()
    {
        var dispatch = Sent();
        var received = Given.Single<DispatchReceived>(DispatchDecider.Receive(dispatch, "130303-AMR", "T-SHG", Given.As("130303-AMR")));
        var task = DispatchDecider.TaskFor(dispatch, received, Tree);
        Assert.Equal(("T-SHG", "130303-AMR", "PF-1"), (task.TaskId, task.DepartmentId, task.DispatchId));
        Assert.Equal(["130303-AMR:HBSC-001"], task.Items);
        Assert.Equal(["130303"], task.Scope.Divisions);
        Assert.Equal(new DateOnly(2022, 10, 31), task.CheckTo);

        var after = Aggregate.Fold(dispatch, [received])!;
        var twice = Assert.Throws<AlreadyExistsException>(() => DispatchDecider.Receive(after, "130303-AMR", "T-2", Given.As("130303-AMR")));
        Assert.Equal("DISPATCH_RECEIVED", twice.Reason.Code);
        Assert.Throws<ForbiddenException>(() => DispatchDecider.Receive(dispatch, "130303-AMR", "T-3", Given.As("130302-AMR")));
        var stranger = Assert.Throws<InvalidFieldException>(() => DispatchDecider.Receive(Sent("130302-AMR"), "130303-AMR", "T-4", Given.As("130303-AMR")));
        Assert.Equal("NOT_DISPATCH_RECEIVER", stranger.Reason.Code);
    }

    [Theory]
    [InlineData(new[] { "1303" }, "130302", new[] { "130302" })]          // the city's prefix narrows to the county
    [InlineData(new[] { "130302001", "130303" }, "130302", new[] { "130302001" })] // a town in the county stays, another county goes
    [InlineData(new[] { "130303" }, "130302", new[] { "130302" })]        // nothing in the region (it moved since sending): the region itself
    public void The_scope_is_narrowed_to_the_receivers_region(string[] divisions, string region, string[] expected) =>
        Assert.Equal(expected, DispatchDecider.Narrowed(new PlanScope(divisions, [], [], [], []), region).Divisions);

    [Fact]
    public void The_sender_follows_each_receivers_state_and_figures_and_the_due_date()
    {
        var received = new DispatchReceiver("130302-AMR", "T-HG", new DateOnly(2022, 3, 2));
        var task = Given.State<InspectionTask>(
            new TaskCreated("T-HG", "130302-AMR", "专项", ["130302-AMR:HBSC-001"], new PlanScope(["130302"], [], [], [], []), [], new DateOnly(2022, 3, 1),
                new DateOnly(2022, 10, 31), null, "上级派发", new Caller("u", "130302-AMR", Roles.Staff), Given.Now, "PF-1"),
            new EntitiesDrawn("T-HG", "D-1", ["91130302MA0000001X", "91130302MA0000002X"], new Caller("u", "130302-AMR", Roles.Staff), Given.Now));
        var progress = DispatchProgress.Of(received, task, []);
        Assert.Equal((ReceiverState.Drawn, 2, 0), (progress.State, progress.Entities, progress.Entered));
        var waiting = DispatchProgress.Of(new DispatchReceiver("130303-AMR", null, null), null, []);
        var figures = DispatchProgress.Combined([progress, waiting]);
        Assert.Equal(new DispatchFigures(2, 1, 0, 2, 0, 0), figures);
        Assert.Equal(DispatchTimeliness.OnTrack, DispatchProgress.Timeliness(new DateOnly(2022, 10, 31), figures, new DateOnly(2022, 10, 1)));
        Assert.Equal(DispatchTimeliness.AtRisk, DispatchProgress.Timeliness(new DateOnly(2022, 10, 31), figures, new DateOnly(2022, 10, 20)));
        Assert.Equal(DispatchTimeliness.Overdue, DispatchProgress.Timeliness(new DateOnly(2022, 10, 31), figures, new DateOnly(2022, 11, 1)));
        Assert.Equal(DispatchTimeliness.Done, DispatchProgress.Timeliness(new DateOnly(2022, 10, 31), figures with { Closed = 2 }, new DateOnly(2022, 11, 1)));
    }
}

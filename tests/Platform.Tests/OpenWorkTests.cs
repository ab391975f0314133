using Grpc.Core;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.CheckingTasks;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// 待办's reads: a department's open work (one row per open task it takes part in, kept as the task's and its results'
/// events happen) and the open draws it is a party to, each one call whatever the number of tasks, each the department's own.
/// </summary>
public sealed class OpenWorkTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    private async Task<OpenWork> Work(string department, string taskId) =>
        Assert.Single((await Tasks.ListOpenWorkAsync(new ListOpenWorkRequest { DepartmentId = department }, Staff(department))).Work, w => w.TaskId == taskId);

    private static (int Draft, int Submitted, int Returned, int Approved, int FollowUps) Counts(OpenWork w) =>
        (w.ResultsDraft, w.ResultsSubmitted, w.ResultsReturned, w.ResultsApproved, w.FollowUpsOpen);

    [Fact]
    public async Task Open_work_follows_the_task_and_its_results_and_is_read_by_the_department_alone()
    {
        platform.Clock.AdvanceTo(new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.FromHours(8)));
        // The office reads the work of a department in its region, which the tasks service hears of over the bus.
        await scenario.CityOffice();
        var amr = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302")).DepartmentId;
        var (eeb, health) = (scenario.Id("130302-EEB"), scenario.Id("130302-HEALTH"));
        var item = $"{amr}:HBSC-001";

        // A draft inviting two partners: the lead's row counts them, each partner has a row of its own until it declines.
        var draft = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id("LH-WORK"), DepartmentId = amr, Name = "联合抽查", Items = { item }, Scope = Haigang,
            Quotas = { new RiskQuota { RiskClass = "D", Count = 2 } }, CheckFrom = "2026-11-16", CheckTo = "2026-11-27", Reason = "专项核查",
        }, Staff(amr))).TaskId;
        await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = draft, DepartmentId = eeb, Items = { $"{eeb}:HJ-001" } }, Staff(amr));
        await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = draft, DepartmentId = health, Items = { $"{health}:WS-001" } }, Staff(amr));
        var lead = await Work(amr, draft);
        Assert.Equal((TaskStatus.Draft, DepartmentStage.Joined, true, 0, 2, 0), (lead.Status, lead.Stage, lead.Leads, lead.PartnersJoined, lead.PartnersInvited, lead.PartnersDeclined));
        Assert.Equal(("联合抽查", DepartmentStage.Invited, false), ((await Work(eeb, draft)).Name, (await Work(eeb, draft)).Stage, (await Work(eeb, draft)).Leads));
        await Tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = draft, DepartmentId = eeb }, Staff(eeb));
        await Tasks.DeclineInvitationAsync(new DeclineInvitationRequest { TaskId = draft, DepartmentId = health, Reason = "不在职责范围" }, Staff(health));
        lead = await Work(amr, draft);
        Assert.Equal((1, 0, 1), (lead.PartnersJoined, lead.PartnersInvited, lead.PartnersDeclined));
        Assert.DoesNotContain((await Tasks.ListOpenWorkAsync(new ListOpenWorkRequest { DepartmentId = health }, Staff(health))).Work, w => w.TaskId == draft);

        // A task in its checks: each result moves its department's counts as it is saved, submitted, returned and approved.
        string[] usccs = [EntityFiles.NewCode(), EntityFiles.NewCode(), EntityFiles.NewCode()];
        var checking = await new CheckingTasks(platform, scenario).Start(amr, "ZX-WORK", item, new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 6), usccs);
        var work = await Work(amr, checking);
        Assert.Equal((TaskStatus.Checking, DepartmentStage.Matched, 3), (work.Status, work.Stage, work.Entities));
        Assert.Equal((0, 0, 0, 0, 0), Counts(work));
        Assert.Empty(work.ResultsDue);

        ResultEntryRequest Entry(string uscc, bool problem) => new()
        {
            TaskId = checking, DepartmentId = amr, Uscc = uscc,
            Entry = new ResultEntry
            {
                CheckDates = { "2026-11-05" }, Methods = { CheckMethod.OnSite },
                Categories = { problem ? ResultCategory.ProblemCorrected : ResultCategory.NoProblem },
                Items = { new ItemOutcome { ItemId = item, Checked = true, ProblemFound = problem, Action = problem ? "责令当场改正" : "" } },
                InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
            },
        };
        ResultCommandRequest Key(string uscc) => new() { TaskId = checking, DepartmentId = amr, Uscc = uscc };
        var due = (await Tasks.SaveResultDraftAsync(Entry(usccs[0], false), Staff(amr))).ResultsDue;
        Assert.Equal((1, 0, 0, 0, 0), Counts(work = await Work(amr, checking)));
        Assert.Equal([(due, 1)], work.ResultsDue.Select(d => (d.DueOn, d.Count)));
        await Tasks.SubmitResultAsync(Entry(usccs[0], false), Staff(amr));
        await Tasks.SubmitResultAsync(Entry(usccs[1], true), Staff(amr));
        await Tasks.SubmitResultAsync(Entry(usccs[2], false), Staff(amr));
        Assert.Equal((0, 3, 0, 0, 0), Counts(work = await Work(amr, checking)));
        Assert.Equal([(due, 3)], work.ResultsDue.Select(d => (d.DueOn, d.Count)));
        await Tasks.ReturnResultAsync(new ReturnResultRequest { TaskId = checking, DepartmentId = amr, Uscc = usccs[0], Comment = "检查方式不全" }, Reviewer(amr));
        await Tasks.ApproveResultAsync(Key(usccs[1]), Reviewer(amr));
        await Tasks.ApproveResultAsync(Key(usccs[2]), Reviewer(amr));
        // The problem found waits for its follow-up; approved results no longer fall due.
        Assert.Equal((0, 0, 1, 2, 1), Counts(work = await Work(amr, checking)));
        Assert.Equal([(due, 1)], work.ResultsDue.Select(d => (d.DueOn, d.Count)));
        await Tasks.RecordFollowUpAsync(new RecordFollowUpRequest
        {
            TaskId = checking, DepartmentId = amr, Uscc = usccs[1],
            Action = new FollowUpAction { Kind = FollowUpKind.None, On = "2026-11-09", Reason = "当场已改正" },
        }, Staff(amr));
        await Tasks.CloseResultFollowUpAsync(new CloseResultFollowUpRequest { TaskId = checking, DepartmentId = amr, Uscc = usccs[1], ClosedOn = "2026-11-10" }, Staff(amr));
        Assert.Equal((0, 0, 1, 2, 0), Counts(await Work(amr, checking)));

        // Another department reads neither; the office of the region reads the department's.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Tasks.ListOpenWorkAsync(new ListOpenWorkRequest { DepartmentId = amr }, Staff(eeb)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.DoesNotContain((await Tasks.ListOpenWorkAsync(new ListOpenWorkRequest { DepartmentId = eeb }, Staff(eeb))).Work, w => w.TaskId == checking);
        Assert.Contains((await Tasks.ListOpenWorkAsync(new ListOpenWorkRequest { DepartmentId = amr }, As(Scenario.Office))).Work, w => w.TaskId == checking);
    }

    [Fact]
    public async Task A_prepared_draw_is_open_for_each_of_its_parties_until_it_is_cancelled_and_no_other_department_reads_them()
    {
        await scenario.CityOffice();
        var (drawId, lead, partner) = await scenario.JointDraw(platform, "130303");
        var draws = new Api.Draws.V1.Draws.DrawsClient(platform.GatewayChannel);
        Task<ListDrawsResponse> Open(string department, Caller caller) =>
            draws.ListOpenDrawsAsync(new ListOpenDrawsRequest { DepartmentId = department }, As(caller)).ResponseAsync;

        foreach (var party in new[] { lead, partner })
            Assert.Equal([drawId], (await Open(party, Scenario.StaffOf(party))).Draws.Select(d => d.DrawId));
        Assert.Equal([drawId], (await Open(Scenario.Office.DepartmentId, Scenario.Office)).Draws.Select(d => d.DrawId));
        var refused = await Assert.ThrowsAsync<RpcException>(() => Open(lead, Scenario.StaffOf(partner)));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        await draws.CancelDrawAsync(new CancelDrawRequest { DrawId = drawId, Reason = "参数有误" }, Staff(lead));
        Assert.Empty((await Open(lead, Scenario.StaffOf(lead))).Draws);
    }
}

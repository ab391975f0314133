using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Plans;
using Shuangsuiji.Tasks.Results;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class InspectionTaskDeciderTests
{
    private static readonly Dictionary<string, KnownClaim> NoClaims = [];

    private static AnnualPlan PublishedPlan(PlannedTask planned)
    {
        var id = AnnualPlan.IdOf(Lead, 2022);
        PlanBatch[] batches = [new(1, "第三批次", [planned])];
        return State<AnnualPlan>(new PlanDrafted(id, Lead, 2022, batches, By(Lead), Now), new PlanApproved(id, By(Lead, Roles.Reviewer), Now),
            new PlanPublished(id, 1, batches, null, By(Lead), Now));
    }

    private static readonly PlannedTask Planned = new("LH-03", "餐饮服务联合抽查", [LeadItem], Scope, [new RiskQuota("B", 2m, null)],
        From, To, true, Lead, [Partner]);

    [Fact]
    public void A_whole_joint_inspection_from_the_plan_to_closing()
    {
        var events = new List<object>();
        var results = new Dictionary<(string, string), List<object>>();
        InspectionTask T() => Task([.. events]);
        EntityResult? R(string d, string u) => results.TryGetValue((d, u), out var e) ? State<EntityResult>([.. e]) : null;
        List<EntityResult> Of(string d) => [.. Usccs.Select(u => R(d, u)!)];
        void OnResult(string d, string u, IReadOnlyList<object> e) => (results.TryGetValue((d, u), out var l) ? l : results[(d, u)] = []).AddRange(e);

        events.AddRange(InspectionTaskDecider.CreateFromPlan(null, Id, PublishedPlan(Planned), "LH-03", As(Lead)));
        Assert.Equal((InspectionTaskStatus.Draft, "130300-AMR:2022"), (T().Status, T().Plan!.PlanId));
        events.AddRange(InspectionTaskDecider.Invite(T(), Partner, [PartnerItem], As(Lead)));
        events.AddRange(InspectionTaskDecider.Accept(T(), Partner, As(Partner)));
        events.AddRange(InspectionTaskDecider.Approve(T(), [], NoClaims, As(Lead, Roles.Reviewer)));
        events.AddRange(InspectionTaskDecider.ConfirmPartners(T(), As(Lead)));
        Assert.Equal(InspectionTaskStatus.PartnersConfirmed, T().Status);
        events.AddRange(InspectionTaskDecider.RecordDraw(T(), "D-001", Lead, null, Usccs, [new("B", ["B"], 12, 1), new("无分类", [], 40, 1)], As(Partner)));
        Assert.Equal(1, T().EntitiesDrawnByRiskClass);
        // Each department's match is recorded once its teams for every drawn entity have arrived, of the task's draw only.
        Assert.Empty(InspectionTaskDecider.RecordMatches(T(), "D-001", new Dictionary<string, int> { [Lead] = 1 }, As(Lead)));
        Assert.Empty(InspectionTaskDecider.RecordMatches(T(), "D-000", new Dictionary<string, int> { [Lead] = Usccs.Length }, As(Lead)));
        events.AddRange(InspectionTaskDecider.RecordMatches(T(), "D-001", new Dictionary<string, int> { [Lead] = Usccs.Length, [Partner] = 1 }, As(Lead)));
        Assert.Equal((InspectionTaskStatus.Drawn, DepartmentStage.Matched), (T().Status, T().Department(Lead)!.Stage)); // the partner's teams are on their way
        Assert.Empty(InspectionTaskDecider.RecordMatches(T(), "D-001", new Dictionary<string, int> { [Lead] = Usccs.Length }, As(Lead))); // recorded once
        events.AddRange(InspectionTaskDecider.RecordMatches(T(), "D-001", new Dictionary<string, int> { [Lead] = Usccs.Length, [Partner] = Usccs.Length }, As(Partner)));
        Assert.Equal(InspectionTaskStatus.Matched, T().Status);
        events.AddRange(InspectionTaskDecider.StartChecks(T(), As(Lead)));

        // Each department enters its own results; the lead finds one problem.
        foreach (var d in new[] { Lead, Partner })
            foreach (var u in Usccs)
                OnResult(d, u, ResultDecider.Submit(R(d, u), T(), d, u, d == Lead && u == Usccs[1] ? Problem(d) : Clean(d), Team(d), At(d)));
        events.AddRange(InspectionTaskDecider.CompleteEntry(T(), Lead, Of(Lead), At(Lead)));
        Assert.Equal(InspectionTaskStatus.Checking, T().Status);
        events.AddRange(InspectionTaskDecider.CompleteEntry(T(), Partner, Of(Partner), At(Partner)));
        Assert.Equal(InspectionTaskStatus.ResultsEntered, T().Status);

        foreach (var d in new[] { Lead, Partner })
        {
            foreach (var u in Usccs) OnResult(d, u, ResultDecider.Approve(R(d, u), T(), At(d, Roles.Reviewer)));
            events.AddRange(InspectionTaskDecider.CompleteReview(T(), d, Of(d), At(d, Roles.Reviewer)));
        }
        Assert.Equal(InspectionTaskStatus.Reviewed, T().Status);

        var published = Single<DepartmentResultsPublished>(InspectionTaskDecider.PublishResults(T(), Lead, Of(Lead), At(Lead)));
        Assert.Equal([Usccs[1]], published.FollowUpNeeded);
        events.Add(published);
        events.AddRange(InspectionTaskDecider.PublishResults(T(), Partner, Of(Partner), At(Partner)));
        Assert.Equal(InspectionTaskStatus.FollowUp, T().Status);
        Assert.Contains("follow-up of 130300-AMR is still open",
            Assert.Throws<RuleViolationException>(() => InspectionTaskDecider.Close(T(), new(2022, 10, 9), At(Lead))).Message);

        OnResult(Lead, Usccs[1], ResultDecider.RecordFollowUp(R(Lead, Usccs[1]), T(),
            new FollowUpAction(FollowUpKind.OrderCorrection, null, new(2022, 9, 20), "未按规定公示年度报告"), At(Lead)));
        OnResult(Lead, Usccs[1], ResultDecider.RecordCorrection(R(Lead, Usccs[1]), T(), new(2022, 9, 28), "已补报公示", At(Lead)));
        OnResult(Lead, Usccs[1], ResultDecider.CloseFollowUp(R(Lead, Usccs[1]), T(), new(2022, 9, 29), At(Lead)));
        var closedFollowUp = Single<DepartmentFollowUpClosed>(InspectionTaskDecider.CloseFollowUp(T(), Lead, Of(Lead), At(Lead)));
        Assert.Equal(new DateOnly(2022, 9, 29), closedFollowUp.ClosedOn);
        events.Add(closedFollowUp);

        var closed = Single<TaskClosed>(InspectionTaskDecider.Close(T(), new(2022, 10, 9), At(Lead)));
        Assert.Equal(("staff-130300-AMR", Later), (closed.By.UserId, closed.At));
        events.Add(closed);
        Assert.Equal(InspectionTaskStatus.Closed, T().Status);
    }

    [Fact]
    public void Illegal_transitions_name_the_current_state()
    {
        Assert.Contains("is Draft", Assert.Throws<RuleViolationException>(() =>
            InspectionTaskDecider.RecordDraw(Task(Drafted), "D-001", Lead, null, Usccs, null, As(Lead))).Message);
        Assert.Contains("is Drawn", Assert.Throws<RuleViolationException>(() => InspectionTaskDecider.StartChecks(Task(Drawn), As(Lead))).Message);
        Assert.Contains("is Checking", Assert.Throws<RuleViolationException>(() =>
            InspectionTaskDecider.Approve(Task(Checking), [], NoClaims, As(Lead, Roles.Reviewer))).Message);
        Assert.Contains("is Matched", Assert.Throws<RuleViolationException>(() =>
            InspectionTaskDecider.PublishResults(Task(Checking), Lead, [], As(Lead))).Message);
    }

    [Fact]
    public void Partners_are_confirmed_only_when_every_invitation_is_answered()
    {
        var waiting = Task([.. Drafted, new TaskApproved(Id, By(Lead, Roles.Reviewer), Now)]);
        Assert.Contains("answers of 130300-HWC", Assert.Throws<RuleViolationException>(() => InspectionTaskDecider.ConfirmPartners(waiting, As(Lead))).Message);
    }

    [Fact]
    public void A_declining_department_drops_out_and_the_lead_goes_on_alone()
    {
        var declined = Single<InvitationDeclined>(InspectionTaskDecider.Decline(Task(Drafted), Partner, "本年度已完成同类检查", As(Partner)));
        Assert.Equal("本年度已完成同类检查", declined.Reason);
        var approved = Task([.. Drafted, declined, new TaskApproved(Id, By(Lead, Roles.Reviewer), Now)]);
        Assert.Equal([Lead], Single<PartnersConfirmed>(InspectionTaskDecider.ConfirmPartners(approved, As(Lead))).DepartmentIds);
        var drawn = Task([.. Drafted, declined, new TaskApproved(Id, By(Lead, Roles.Reviewer), Now), new PartnersConfirmed(Id, [Lead], By(Lead), Now),
            new EntitiesDrawn(Id, "D-001", Usccs, By(Lead), Now)]);
        Assert.Equal([Lead], InspectionTaskDecider.RecordMatches(drawn, "D-001", new Dictionary<string, int> { [Lead] = 2, [Partner] = 2 }, As(Lead))
            .Cast<DepartmentInspectorsMatched>().Select(m => m.DepartmentId));
    }

    [Fact]
    public void Declining_needs_a_reason() =>
        Assert.Equal("reason", Assert.Throws<InvalidFieldException>(() => InspectionTaskDecider.Decline(Task(Drafted), Partner, "", As(Partner))).Field);

    [Theory]
    [InlineData(Lead, Roles.Staff)]       // the lead cannot answer for the partner
    [InlineData(Partner, Roles.Reviewer)]
    public void Only_the_invited_departments_staff_answer(string department, string role) =>
        Assert.Throws<ForbiddenException>(() => InspectionTaskDecider.Accept(Task(Drafted), Partner, As(department, role)));

    [Theory]
    [InlineData(Lead, Roles.Staff)]
    [InlineData(Partner, Roles.Reviewer)]
    [InlineData("130300-OFFICE", Roles.Supervisor)]
    public void Only_a_reviewer_of_the_lead_approves_the_task(string department, string role) =>
        Assert.Throws<ForbiddenException>(() => InspectionTaskDecider.Approve(Task(Drafted), [], NoClaims, As(department, role)));

    [Fact]
    public void Invited_items_are_the_partners_own() =>
        Assert.Equal("items[0]", Assert.Throws<InvalidFieldException>(() =>
            InspectionTaskDecider.Invite(Task(Drafted[0]), "130300-EPB", [PartnerItem], As(Lead))).Field);

    [Fact]
    public void A_department_cannot_be_invited_twice() =>
        Assert.Throws<AlreadyExistsException>(() => InspectionTaskDecider.Invite(Task(Drafted), Partner, [PartnerItem], As(Lead)));

    [Fact]
    public void A_task_outside_the_plan_needs_its_reason()
    {
        var command = new CreateTask(Id, Lead, "投诉举报集中领域抽查", [LeadItem], Scope, [new RiskQuota("D", 100m, null)], From, To, " ");
        Assert.Equal("reason", Assert.Throws<InvalidFieldException>(() => InspectionTaskDecider.CreateOutsidePlan(null, command, As(Lead))).Field);
        var created = Single<TaskCreated>(InspectionTaskDecider.CreateOutsidePlan(null, command with { Reason = "投诉举报集中" }, As(Lead)));
        Assert.Equal(("投诉举报集中", (PlanRef?)null), (created.Reason, created.Plan));
    }

    [Fact]
    public void Only_the_lead_creates_a_planned_joint_task()
    {
        var partnersPlan = PublishedPlan(Planned) with { DepartmentId = Partner };
        Assert.Equal("task_code", Assert.Throws<InvalidFieldException>(() =>
            InspectionTaskDecider.CreateFromPlan(null, Id, partnersPlan, "LH-03", As(Partner))).Field);
        Assert.Equal("task_code", Assert.Throws<InvalidFieldException>(() =>
            InspectionTaskDecider.CreateFromPlan(null, Id, PublishedPlan(Planned), "LH-99", As(Lead))).Field);
    }

    [Fact]
    public void Entry_is_complete_only_with_a_submitted_result_for_every_drawn_entity()
    {
        var error = Assert.Throws<RuleViolationException>(() => InspectionTaskDecider.CompleteEntry(Task(Checking), Lead,
            [Result(Lead, Usccs[0], Clean(Lead))], At(Lead)));
        Assert.Contains(Usccs[1], error.Message);
    }

    [Fact]
    public void A_department_publishes_its_own_results_without_waiting_for_the_others()
    {
        var reviewed = Task([.. Checking, new DepartmentResultsEntered(Id, Lead, By(Lead), Now),
            new DepartmentResultsReviewed(Id, Lead, By(Lead, Roles.Reviewer), Now)]);
        var published = Single<DepartmentResultsPublished>(InspectionTaskDecider.PublishResults(reviewed, Lead,
            [.. Usccs.Select(u => Approved(Lead, u, Clean(Lead)))], At(Lead)));
        var task = Task([.. Checking, new DepartmentResultsEntered(Id, Lead, By(Lead), Now),
            new DepartmentResultsReviewed(Id, Lead, By(Lead, Roles.Reviewer), Now), published]);
        Assert.Equal(DepartmentStage.Published, task.Department(Lead)!.Stage);
        Assert.Equal(InspectionTaskStatus.Checking, task.Status); // the partner is still checking
    }

    [Fact]
    public void A_review_is_complete_only_when_every_result_is_approved()
    {
        var entered = Task([.. Checking, new DepartmentResultsEntered(Id, Lead, By(Lead), Now)]);
        Assert.Throws<RuleViolationException>(() => InspectionTaskDecider.CompleteReview(entered, Lead,
            [Approved(Lead, Usccs[0], Clean(Lead)), Result(Lead, Usccs[1], Clean(Lead))], At(Lead, Roles.Reviewer)));
        Assert.Throws<ForbiddenException>(() => InspectionTaskDecider.CompleteReview(entered, Lead,
            [.. Usccs.Select(u => Approved(Lead, u, Clean(Lead)))], At(Lead)));
    }

    [Fact]
    public void Only_the_leads_draw_is_recorded_and_a_re_draw_replaces_it_until_inspectors_are_matched()
    {
        var drawnBy = Drawn.OfType<EntitiesDrawn>().Single().DrawId;
        Assert.Contains("not by the task's lead", Assert.Throws<RuleViolationException>(() =>
            InspectionTaskDecider.RecordDraw(Task([.. Drawn[..^1]]), "D-X", Partner, null, Usccs, null, As(Partner))).Message);
        var again = Assert.IsType<EntitiesDrawn>(Assert.Single(InspectionTaskDecider.RecordDraw(Task(Drawn), "D-002", Lead, drawnBy, [Usccs[1]], null, As(Lead))));
        Assert.Equal(("D-002", 1), (again.DrawId, again.Entities.Count));
        Assert.Contains("is Drawn", Assert.Throws<RuleViolationException>(() =>
            InspectionTaskDecider.RecordDraw(Task(Drawn), "D-003", Lead, "D-999", Usccs, null, As(Lead))).Message);
    }

    [Fact]
    public void A_draw_keeps_its_strata_and_is_by_risk_class_for_the_office_only_if_strata_naming_a_class_gave_entities()
    {
        var confirmed = Drawn[..^1];
        InspectionTask Recorded(IReadOnlyList<DrawStratum>? strata, params object[] before) =>
            Task([.. confirmed, .. before, .. InspectionTaskDecider.RecordDraw(Task([.. confirmed, .. before]), "D-002", Lead, before.Length > 0 ? "D-001" : null,
                Usccs, strata, As(Lead))]);
        int ByRiskClass(InspectionTask task) => Progress.Of(task, Now, CalendarSeed.WorkingDays).EntitiesDrawnByRiskClass;

        var stratified = Recorded([new("C+D", ["C", "D"], 3, 1), new("无分类", [], 40, 1)]);
        Assert.Equal(["C+D", "无分类"], stratified.DrawStrata.Select(s => s.Label));
        Assert.Equal(1, ByRiskClass(stratified));
        // A class stratum that gave no entity (none in scope, or a 0 % stratum), a draw without strata, a draw recorded
        // before draws carried strata, and a re-draw without risk strata replacing a stratified one: not by risk class,
        // though the task's quotas ask for it.
        Assert.Equal(0, ByRiskClass(Recorded([new("D", ["D"], 0, 0), new("A", ["A"], 9, 0), new("全部", [], 40, 2)])));
        Assert.Equal(0, ByRiskClass(Recorded(null)));
        Assert.Equal(0, ByRiskClass(Task(Drawn)));
        Assert.Equal(0, ByRiskClass(Recorded([new("全部", [], 40, 2)], new EntitiesDrawn(Id, "D-001", Usccs, By(Lead), Now, [new("D", ["D"], 5, 2)]))));
        Assert.True(Progress.Of(Task(Drawn), Now, CalendarSeed.WorkingDays).RiskStratified);

        // Strata that do not give exactly the draw's entities are refused, naming the field.
        Assert.Equal("strata", Assert.Throws<InvalidFieldException>(() => Recorded([new("D", ["D"], 3, 1)])).Field);
        Assert.Equal("strata[0].drawn", Assert.Throws<InvalidFieldException>(() => Recorded([new("D", ["D"], 1, 2)])).Field);
    }
}

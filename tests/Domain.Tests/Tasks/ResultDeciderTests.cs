using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Results;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class ResultDeciderTests
{
    private static readonly string Uscc = Usccs[0];
    private static readonly string ResultId = EntityResult.IdOf(Id, Lead, Uscc);

    [Fact]
    public void Staff_submit_their_departments_result()
    {
        var submitted = Single<ResultSubmitted>(ResultDecider.Submit(null, Task(Checking), Lead, Uscc, Clean(Lead), Team(Lead), At(Lead)));
        Assert.Equal(("QHD-2022-LH-01:130300-AMR:91130302MA0A000011", Lead, Later), (submitted.ResultId, submitted.DepartmentId, submitted.At));
        // Not before the draw engine has matched the department's inspectors to the entity.
        Assert.Contains("match (or replace) them in the draw engine first", Assert.Throws<RuleViolationException>(() =>
            ResultDecider.Submit(null, Task(Checking), Lead, Uscc, Clean(Lead), null, At(Lead))).Message);
    }

    [Fact]
    public void A_submitted_result_is_validated_with_the_task_period_and_today()
    {
        var early = Clean(Lead) with { CheckDates = [new(2022, 8, 31)] };
        Assert.Equal("check_dates[0]", Assert.Throws<InvalidFieldException>(() =>
            ResultDecider.Submit(null, Task(Checking), Lead, Uscc, early, Team(Lead), At(Lead))).Field);
        // On 1 March 2022 a September check date lies in the future.
        Assert.Equal("check_dates[0]", Assert.Throws<InvalidFieldException>(() =>
            ResultDecider.Submit(null, Task(Checking), Lead, Uscc, Clean(Lead), Team(Lead), As(Lead))).Field);
    }

    [Theory]
    [InlineData(Partner, Roles.Staff)]  // 谁检查、谁录入: the partner does not enter the lead's results
    [InlineData(Lead, Roles.Reviewer)]
    [InlineData("130300-OFFICE", Roles.Supervisor)]
    public void Only_the_departments_own_staff_enter_its_results(string department, string role) =>
        Assert.Throws<ForbiddenException>(() => ResultDecider.Submit(null, Task(Checking), Lead, Uscc, Clean(Lead), Team(Lead), At(department, role)));

    [Fact]
    public void Results_are_entered_once_the_checks_have_started_and_only_for_drawn_entities()
    {
        Assert.Contains("is Drawn", Assert.Throws<RuleViolationException>(() =>
            ResultDecider.Submit(null, Task(Drawn), Lead, Uscc, Clean(Lead), Team(Lead), At(Lead))).Message);
        Assert.Equal("uscc", Assert.Throws<InvalidFieldException>(() =>
            ResultDecider.Submit(null, Task(Checking), Lead, "91130300MA0C000099", Clean(Lead), Team(Lead), At(Lead))).Field);
    }

    [Fact]
    public void A_draft_may_be_incomplete_and_is_submitted_later()
    {
        var draft = Single<ResultDraftSaved>(ResultDecider.SaveDraft(null, Task(Checking), Lead, Uscc,
            Clean(Lead) with { Categories = [], Methods = [] }, At(Lead)));
        var saved = State<EntityResult>(draft);
        Assert.Equal(ResultStatus.Draft, saved.Status);
        Single<ResultSubmitted>(ResultDecider.Submit(saved, Task(Checking), Lead, Uscc, Clean(Lead), Team(Lead), At(Lead)));
    }

    [Fact]
    public void A_submitted_result_changes_only_after_the_reviewer_returns_it()
    {
        var submitted = Result(Lead, Uscc, Clean(Lead));
        Assert.Contains("is Submitted", Assert.Throws<RuleViolationException>(() =>
            ResultDecider.Submit(submitted, Task(Checking), Lead, Uscc, Clean(Lead), Team(Lead), At(Lead))).Message);

        var returned = Single<ResultReturned>(ResultDecider.Return(submitted, Task(Checking), "照片不清晰，请补充", At(Lead, Roles.Reviewer)));
        var again = Result(Lead, Uscc, Clean(Lead), returned);
        Assert.Equal(ResultStatus.Returned, again.Status);
        Single<ResultSubmitted>(ResultDecider.Submit(again, Task(Checking), Lead, Uscc, Clean(Lead), Team(Lead), At(Lead)));
    }

    [Theory]
    [InlineData(Lead, Roles.Staff)]
    [InlineData(Partner, Roles.Reviewer)]
    public void Only_a_reviewer_of_the_same_department_reviews(string department, string role) =>
        Assert.Throws<ForbiddenException>(() => ResultDecider.Approve(Result(Lead, Uscc, Clean(Lead)), Task(Checking), At(department, role)));

    [Fact]
    public void Returning_needs_a_comment() =>
        Assert.Equal("comment", Assert.Throws<InvalidFieldException>(() =>
            ResultDecider.Return(Result(Lead, Uscc, Clean(Lead)), Task(Checking), "", At(Lead, Roles.Reviewer))).Field);

    [Fact]
    public void Follow_up_is_for_approved_results_that_found_a_problem()
    {
        var order = new FollowUpAction(FollowUpKind.OrderCorrection, null, new(2022, 9, 20), "未按规定公示年度报告");
        Assert.Contains("is Submitted", Assert.Throws<RuleViolationException>(() =>
            ResultDecider.RecordFollowUp(Result(Lead, Uscc, Problem(Lead)), Task(Checking), order, At(Lead))).Message);
        Assert.Contains("found no problem", Assert.Throws<RuleViolationException>(() =>
            ResultDecider.RecordFollowUp(Approved(Lead, Uscc, Clean(Lead)), Task(Checking), order, At(Lead))).Message);
        Assert.Equal(FollowUpKind.OrderCorrection,
            Single<FollowUpRecorded>(ResultDecider.RecordFollowUp(Approved(Lead, Uscc, Problem(Lead)), Task(Checking), order, At(Lead))).Action.Kind);
    }

    [Fact]
    public void An_order_is_closed_after_the_correction_or_after_passing_the_case_on()
    {
        var ordered = new FollowUpRecorded(ResultId,
            new FollowUpAction(FollowUpKind.OrderCorrection, null, new(2022, 9, 20), "未按规定公示年度报告"), By(Lead), Now);
        Assert.Contains("neither corrected", Assert.Throws<RuleViolationException>(() =>
            ResultDecider.CloseFollowUp(Approved(Lead, Uscc, Problem(Lead), ordered), Task(Checking), new(2022, 10, 8), At(Lead))).Message);

        var transferred = new FollowUpRecorded(ResultId,
            new FollowUpAction(FollowUpKind.ClueTransferred, "执法稽查科", new(2022, 10, 8), "逾期未改正"), By(Lead), Now);
        var closed = Single<FollowUpClosed>(ResultDecider.CloseFollowUp(Approved(Lead, Uscc, Problem(Lead), ordered, transferred), Task(Checking),
            new(2022, 10, 9), At(Lead)));
        Assert.Equal(new DateOnly(2022, 10, 9), closed.ClosedOn);

        Assert.Equal("closed_on", Assert.Throws<InvalidFieldException>(() => ResultDecider.CloseFollowUp(
            Approved(Lead, Uscc, Problem(Lead), ordered, transferred), Task(Checking), new(2022, 10, 7), At(Lead))).Field);
    }

    [Fact]
    public void No_follow_up_cannot_stand_beside_actions()
    {
        var none = new FollowUpRecorded(ResultId, new FollowUpAction(FollowUpKind.None, null, new(2022, 9, 20), "当场改正"), By(Lead), Now);
        Assert.Throws<RuleViolationException>(() => ResultDecider.RecordFollowUp(Approved(Lead, Uscc, Problem(Lead), none), Task(Checking),
            new FollowUpAction(FollowUpKind.ReferredToJudiciary, "秦皇岛市公安局", new(2022, 9, 21), "涉嫌犯罪"), At(Lead)));
    }

    [Fact]
    public void A_penalty_names_its_decision_may_be_serious_and_settles_an_order_not_corrected()
    {
        var penalty = new FollowUpAction(FollowUpKind.PenaltyDecided, " 秦市监罚〔2022〕88号 ", new(2022, 10, 8), "逾期未改正，依法处罚", Serious: true);
        var recorded = Single<FollowUpRecorded>(ResultDecider.RecordFollowUp(Approved(Lead, Uscc, Problem(Lead)), Task(Checking), penalty, At(Lead)));
        Assert.Equal(("秦市监罚〔2022〕88号", true), (recorded.Action.Target, recorded.Action.Serious));
        Assert.Equal("target", Assert.Throws<InvalidFieldException>(() => ResultDecider.RecordFollowUp(
            Approved(Lead, Uscc, Problem(Lead)), Task(Checking), penalty with { Target = null }, At(Lead))).Field);
        Assert.Equal("serious", Assert.Throws<InvalidFieldException>(() => ResultDecider.RecordFollowUp(Approved(Lead, Uscc, Problem(Lead)), Task(Checking),
            new FollowUpAction(FollowUpKind.ClueTransferred, "执法稽查科", new(2022, 10, 8), "逾期未改正", Serious: true), At(Lead))).Field);

        var ordered = new FollowUpRecorded(ResultId, new FollowUpAction(FollowUpKind.OrderCorrection, null, new(2022, 9, 20), "责令改正"), By(Lead), Now);
        Single<FollowUpClosed>(ResultDecider.CloseFollowUp(Approved(Lead, Uscc, Problem(Lead), ordered, recorded), Task(Checking), new(2022, 10, 9), At(Lead)));
    }
}

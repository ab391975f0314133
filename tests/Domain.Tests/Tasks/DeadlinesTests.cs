using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>Checks ended on 5 September 2022: results are due on Sunday 9 October, a make-up working day after National Day.</summary>
public sealed class DeadlinesTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;

    private static CommandContext On(int month, int day) =>
        new(Deadlines.Watch, "deadlines", "watch", new DateTimeOffset(2022, month, day, 9, 0, 0, TimeSpan.FromHours(8)));

    private static readonly EntityResult LeadResult = Result(Lead, Usccs[0], Clean(Lead));

    [Fact]
    public void Results_not_published_by_the_twentieth_working_day_are_overdue_once()
    {
        Assert.Empty(Deadlines.TaskOverdue(Task(Checking), [LeadResult], Calendar, On(10, 9)));

        // The lead's first entity is late; the second, never checked, is due 20 working days after the check period (2 November).
        var late = Single<ResultsOverdue>(Deadlines.TaskOverdue(Task(Checking), [LeadResult], Calendar, On(10, 10)));
        Assert.Equal((Lead, new DateOnly(2022, 10, 9), Usccs[0]), (late.DepartmentId, late.DueOn, Assert.Single(late.Usccs)));
        Assert.Empty(Deadlines.TaskOverdue(Task([.. Checking, late]), [LeadResult], Calendar, On(10, 10)));

        var end = Deadlines.TaskOverdue(Task([.. Checking, late]), [LeadResult], Calendar, On(11, 3)).Cast<ResultsOverdue>().ToList();
        Assert.Equal([(Lead, Usccs[1]), (Partner, Usccs[0]), (Partner, Usccs[1])],
            end.SelectMany(e => e.Usccs.Select(u => (e.DepartmentId, u))));
        Assert.All(end, e => Assert.Equal(new DateOnly(2022, 11, 2), e.DueOn));
    }

    [Fact]
    public void An_entity_raised_by_the_period_end_is_not_raised_again_when_its_earlier_check_is_entered()
    {
        var byPeriodEnd = Deadlines.TaskOverdue(Task(Checking), [], Calendar, On(11, 3)).Cast<ResultsOverdue>().ToList();
        Assert.Equal([Usccs[0], Usccs[1]], byPeriodEnd.Single(e => e.DepartmentId == Lead).Usccs);
        // The lead's result, checked on 5 September (due 9 October), is entered afterwards.
        Assert.Empty(Deadlines.TaskOverdue(Task([.. Checking, .. byPeriodEnd]), [LeadResult], Calendar, On(11, 4)));
    }

    [Fact]
    public void A_department_that_published_is_not_late_and_a_task_before_its_checks_has_no_deadline()
    {
        var published = Task([.. Checking, new DepartmentResultsEntered(Id, Lead, By(Lead), Now), new DepartmentResultsReviewed(Id, Lead, By(Lead), Now),
            new DepartmentResultsPublished(Id, Lead, [], By(Lead), Now)]);
        Assert.All(Deadlines.TaskOverdue(published, [LeadResult], Calendar, On(11, 3)).Cast<ResultsOverdue>(), e => Assert.Equal(Partner, e.DepartmentId));
        Assert.Empty(Deadlines.TaskOverdue(Task(Drawn), [], Calendar, On(12, 31)));
    }

    private static readonly ResultEntry Unreachable = Clean(Lead) with
    {
        Categories = [ResultCategory.ProblemPending], PendingReasons = [PendingReason.Unreachable],
        Items = [new(LeadItem, false, false, null)],
    };

    [Fact]
    public void An_unreachable_entity_not_listed_within_ten_working_days_is_overdue_once()
    {
        var result = Result(Lead, Usccs[0], Unreachable);
        // Ten working days after 5 September 2022 (Mid-Autumn 10–12 September off): 20 September.
        Assert.Empty(Deadlines.ResultOverdue(result, Calendar, On(9, 20)));
        var late = Single<AbnormalListingOverdue>(Deadlines.ResultOverdue(result, Calendar, On(9, 21)));
        Assert.Equal(new DateOnly(2022, 9, 20), late.DueOn);
        Assert.Empty(Deadlines.ResultOverdue(Result(Lead, Usccs[0], Unreachable, late), Calendar, On(9, 22)));
        Assert.Empty(Deadlines.ResultOverdue(LeadResult, Calendar, On(12, 1)));
    }

    [Fact]
    public void The_department_lists_an_approved_unreachable_entity_once_with_its_decision()
    {
        var result = Approved(Lead, Usccs[0], Unreachable);
        var listed = Single<AbnormalListingRecorded>(ResultDecider.RecordAbnormalListing(result, Task(Checking), new(2022, 9, 15), " 秦市监异〔2022〕12号 ", At(Lead)));
        Assert.Equal("秦市监异〔2022〕12号", listed.DecisionNo);
        var after = Approved(Lead, Usccs[0], Unreachable, listed);
        Assert.Empty(Deadlines.ResultOverdue(after, Calendar, On(10, 31)));
        Assert.Throws<RuleViolationException>(() => ResultDecider.RecordAbnormalListing(after, Task(Checking), new(2022, 9, 16), "12", At(Lead)));
        Assert.Throws<RuleViolationException>(() => ResultDecider.RecordAbnormalListing(Approved(Lead, Usccs[0], Clean(Lead)), Task(Checking), new(2022, 9, 15), "12", At(Lead)));
        Assert.Throws<RuleViolationException>(() => ResultDecider.RecordAbnormalListing(Result(Lead, Usccs[0], Unreachable), Task(Checking), new(2022, 9, 15), "12", At(Lead)));
        Assert.Equal("listed_on", Assert.Throws<InvalidFieldException>(() =>
            ResultDecider.RecordAbnormalListing(result, Task(Checking), new(2022, 9, 1), "12", At(Lead))).Field);
        Assert.Throws<ForbiddenException>(() => ResultDecider.RecordAbnormalListing(result, Task(Checking), new(2022, 9, 15), "12", At(Partner)));
    }
}

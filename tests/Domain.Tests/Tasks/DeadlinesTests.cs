using Shuangsuiji.Directories.Calendar;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.ServiceDefaults.Calendar;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>Checks ended on 5 September 2022: results are due on Sunday 9 October, a make-up working day after National Day.</summary>
public sealed class DeadlinesTests
{
    private static readonly WorkingDayCalendar Calendar = CalendarSeed.WorkingDays;

    /// <summary>The same year before its holiday notice was recorded: every deadline counted Monday to Friday, provisionally.</summary>
    private static readonly WorkingDayCalendar Without2022 = WorkingDayCalendar.Empty;

    /// <summary>The 2022 notice arriving at a service that had none.</summary>
    private static readonly CalendarChange Recorded2022 = new(2022, Without2022, Calendar);

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

    [Fact]
    public void A_provisional_deadline_raises_nothing_until_its_years_notice_is_recorded()
    {
        // Counted Monday to Friday, the lead's result checked on 5 September would be due on 3 October: long past on 3 November.
        Assert.Equal(new Deadline(new DateOnly(2022, 10, 3), true), Without2022.ResultsDue(new DateOnly(2022, 9, 5)));
        Assert.Empty(Deadlines.TaskOverdue(Task(Checking), [LeadResult], Without2022, On(11, 3)));
        Assert.Empty(Deadlines.ResultOverdue(Result(Lead, Usccs[0], Unreachable), Without2022, On(11, 3)));
        Assert.NotEmpty(Deadlines.TaskOverdue(Task(Checking), [LeadResult], Calendar, On(11, 3)));
    }

    [Fact]
    public void A_recorded_notice_moves_the_deadlines_of_an_open_task_and_its_results_each_with_the_old_and_the_new_date()
    {
        var ctx = At(Lead);
        var moved = Single<TaskDeadlineMoved>(Deadlines.TaskMoved(Task(Checking), Recorded2022, ctx));
        // The last check day, 30 September: Monday to Friday the 28th of October; by the notice (National Day, its make-up weekend) 2 November.
        Assert.Equal((new Deadline(new DateOnly(2022, 10, 28), true), new Deadline(new DateOnly(2022, 11, 2), false), 2022),
            (moved.Was, moved.Now, moved.NoticeYear));
        var result = Deadlines.ResultMoved(Result(Lead, Usccs[0], Unreachable), Task(Checking), Recorded2022, ctx).Cast<ResultDeadlineMoved>().ToList();
        Assert.Equal([(DeadlineKind.Results, new DateOnly(2022, 10, 9)), (DeadlineKind.AbnormalListing, new DateOnly(2022, 9, 20))],
            result.Select(m => (m.Kind, m.Now.On)));
        Assert.All(result, m => Assert.True(m.Was.Provisional && !m.Now.Provisional));
        // A draft's deadline is told when it is submitted; a calendar that moves nothing records nothing.
        Assert.Empty(Deadlines.ResultMoved(State<EntityResult>(new ResultDraftSaved(EntityResult.IdOf(Id, Lead, Usccs[0]), Id, Lead, Usccs[0], Clean(Lead), By(Lead), Now)),
            Task(Checking), Recorded2022, ctx));
        Assert.Empty(Deadlines.TaskMoved(Task(Checking), new CalendarChange(2022, Calendar, Calendar), ctx));
    }

    [Fact]
    public void A_closed_task_keeps_its_known_deadlines_when_a_notice_is_corrected_but_its_provisional_ones_move()
    {
        var closed = Task([.. Checking, new TaskClosed(Id, new DateOnly(2022, 11, 30), By(Lead), Now)]);
        // Corrected: 3 October worked after all. The open task's deadline would move a day earlier; the closed one's stays.
        var corrected = new CalendarChange(2022, Calendar, Calendar.With(2022,
            CalendarSeed.Notices.Single(n => n.Year == 2022).Notice.Holidays.SelectMany(h => Enumerable.Range(0, h.To.DayNumber - h.From.DayNumber + 1).Select(h.From.AddDays))
                .Where(d => d != new DateOnly(2022, 10, 3)), []));
        Assert.NotEmpty(Deadlines.TaskMoved(Task(Checking), corrected, At(Lead)));
        Assert.Empty(Deadlines.TaskMoved(closed, corrected, At(Lead)));
        Assert.NotEmpty(Deadlines.TaskMoved(closed, Recorded2022, At(Lead)));
    }
}

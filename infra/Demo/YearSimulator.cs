using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Demo;

/// <summary>
/// A deterministic year of Qinhuangdao's random inspections, as the tasks service would report it to the supervision
/// service (plans published, tasks, results and return visits as they end the year), with the counts the city office
/// should read off its targets and monthly reports — tallied here, as each record is made, not computed afterwards
/// by the code under test. The same seed gives the same year. Joint tasks have two or three inspecting departments; some
/// entities are inspected in several tasks (by several departments); some draws are not by credit risk class, also
/// where the plan set quotas per class.
/// </summary>
public sealed class YearSimulator
{
    private readonly Random random;
    private readonly WorkingDayCalendar calendar;
    private readonly Dictionary<string, string> regionOf;
    private readonly List<object> messages = [];
    private readonly Tally tally;
    private int entityNumber;
    private readonly List<(string Department, DateOnly PlannedFrom, DateOnly? StartedOn)> planned = [];
    private readonly List<(string Department, DateOnly CheckedOn, DateOnly? ClosedOn)> problems = [];
    private readonly List<(string Department, DateOnly CheckedOn, string Uscc, bool Joint)> inspections = [];
    private readonly double drawsByRiskClass;

    public int Year { get; }

    /// <summary>Every message of the year: departments first, then plans, tasks, results and return visits.</summary>
    public IReadOnlyList<object> Messages => messages;

    /// <summary>The departments that inspect: the city's member departments and the counties' and districts' bureaus.</summary>
    public IReadOnlyList<string> Inspecting { get; }

    /// <summary>The county/district regions and the city as a whole, as supervision subjects ("region:130302").</summary>
    public IReadOnlyList<string> Regions { get; }

    /// <param name="calendar">the working days of the holiday notices the platform holds (the demo reads them through the gateway)</param>
    /// <param name="drawsByRiskClass">the share of tasks with quotas per risk class whose draw is made in risk strata (a few
    /// without quotas are drawn so too)</param>
    public YearSimulator(WorkingDayCalendar calendar, int year = 2022, int seed = 2022, double drawsByRiskClass = 0.92)
    {
        Year = year;
        this.calendar = calendar;
        this.drawsByRiskClass = drawsByRiskClass;
        random = new Random(seed);
        tally = new Tally(year);
        var departments = DemoData.Departments.Where(d => d.Level != DepartmentLevel.Province).ToList();
        regionOf = departments.ToDictionary(d => d.Id, d => d.Region);
        Inspecting = [.. departments.Where(d => d.Id != DemoData.Office).Select(d => d.Id)];
        Regions = [.. departments.Where(d => d.Level == DepartmentLevel.County).Select(d => $"region:{d.Region}").Distinct(), "region:130300"];
        foreach (var d in departments)
            messages.Add(new DepartmentChanged(d.Id, 1, "created", d.Name, d.Level.ToString().ToLowerInvariant(), d.Region, d.Parent, [], false, null, null,
                null, new DateTimeOffset(year - 1, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        foreach (var department in Inspecting) PlanAndCarryOut(department);
        ReturnVisits();
    }

    /// <summary>The report line's value (ReportLines codes) for a subject over the months from..to of the year.</summary>
    public long Line(string subject, int fromMonth, int toMonth, string code) =>
        code switch
        {
            "follow_ups_closed" => Closed(subject, fromMonth, toMonth),
            _ => tally.Sum(subject, fromMonth, toMonth, code),
        };

    /// <summary>A figure's numerator and denominator (Figures codes) for a subject over the months from..to.</summary>
    public (long Numerator, long Denominator) Figure(string subject, int fromMonth, int toMonth, string code)
    {
        long L(string line) => Line(subject, fromMonth, toMonth, line);
        return code switch
        {
            "joint_tasks" => (L("tasks_started_joint"), L("tasks_started_own") + L("tasks_started_joint")),
            "joint_inspections" => EntitiesInspected(subject, fromMonth, toMonth),
            "risk_stratified" => (L("tasks_started_stratified"), L("tasks_started_own") + L("tasks_started_joint")),
            "planned_tasks_done" => PlannedDone(subject, fromMonth, toMonth),
            "published_on_time" => (L("published_on_time"), L("published_on_time") + L("published_late")),
            "follow_ups_closed" => (Closed(subject, fromMonth, toMonth), L("problems_found")),
            "problem_discovery" => (L("problems_found"), L("entities_inspected")),
            "return_visits_done" => (L("return_visits_visited"), L("return_visits_drawn")),
            _ => throw new ArgumentOutOfRangeException(nameof(code), code),
        };
    }

    private void PlanAndCarryOut(string department)
    {
        var planId = $"{department}:{Year}";
        var plannedTasks = new List<PublicPlannedTask>();
        var count = random.Next(6, 13);
        for (var n = 1; n <= count; n++)
        {
            var from = new DateOnly(Year, random.Next(1, 12), random.Next(1, 25));
            var partners = random.NextDouble() < 0.3 ? Partners(department) : [];
            var stratified = random.NextDouble() < 0.9;
            plannedTasks.Add(new PublicPlannedTask(1, "第一批", $"T{n:00}", $"{Name(department)}{Year}年第{n}项抽查", [$"{department}:ITEM-{n}"],
                new PublicScope([regionOf[department]], [], [], [], []),
                stratified ? [new PublicQuota("A", 1, null), new PublicQuota("B", 3, null), new PublicQuota("C", 10, null), new PublicQuota("D", 30, null)] : [],
                from, from.AddDays(30), partners.Count > 0, department, partners));
        }
        messages.Add(new PlanVersionPublished(planId, department, Year, 1, plannedTasks, null, At(new DateOnly(Year, 1, 10))));

        foreach (var task in plannedTasks)
        {
            // Most planned tasks are carried out; a few slip (the figure planned_tasks_done shows them).
            var started = random.NextDouble() < 0.9 ? Task(department, $"{planId}/{task.Code}", task.Name, task.ParticipantIds, task.Quotas.Count > 0, task.From, planId, task.Code) : null;
            planned.Add((department, task.From, started));
        }
        for (var n = random.Next(0, 3); n > 0; n--)
        {
            var from = new DateOnly(Year, random.Next(2, 12), random.Next(1, 25));
            Task(department, $"{department}:{Year}:extra-{n}", $"{Name(department)}专项抽查{n}", random.NextDouble() < 0.4 ? Partners(department) : [],
                random.NextDouble() < 0.7, from, null, null);
        }
    }

    /// <summary>A task from its draw to the end of the year; returns when its checks started.</summary>
    /// <param name="quotas">whether the task sets quotas per risk class; its draw may still be made without risk strata</param>
    private DateOnly? Task(string lead, string taskId, string name, IReadOnlyList<string> partners, bool quotas, DateOnly from, string? planId, string? code)
    {
        var startedOn = from.AddDays(random.Next(0, 5));
        if (startedOn.Year != Year) return null;
        var drawnOn = startedOn.AddDays(-random.Next(1, 4));
        var checkTo = from.AddDays(25);
        var entities = random.Next(8, 30);
        // An invited partner sometimes declines: it does not inspect and the task is not joint for it.
        var declined = partners.Count > 1 && random.NextDouble() < 0.2 ? partners[^1] : null;
        var inspecting = new[] { lead }.Concat(partners.Where(p => p != declined)).ToList();
        var joint = inspecting.Count >= 2;

        // One entity in five has been drawn into an earlier task of the year, often another department's.
        var usccs = new List<string>();
        while (usccs.Count < entities)
        {
            var again = entityNumber > 0 && random.NextDouble() < 0.2;
            var uscc = $"91130300MA{(again ? random.Next(1, entityNumber + 1) : ++entityNumber):00000000}";
            if (!usccs.Contains(uscc)) usccs.Add(uscc);
        }
        // The draw is made in risk strata (some of its entities from strata that name a class) or not at all by class.
        var byRiskClass = random.NextDouble() < (quotas ? drawsByRiskClass : 0.1) ? random.Next(1, entities + 1) : 0;
        var lastDay = checkTo;
        var followUpOpen = 0;
        foreach (var department in inspecting)
            foreach (var uscc in usccs)
            {
                var (approvedOn, openFollowUp) = Result(taskId, department, uscc, joint, from, checkTo);
                if (approvedOn > lastDay) lastDay = approvedOn.Value;
                if (openFollowUp) followUpOpen++;
            }
        // Closed once every result is published and every follow-up closed, a few days after the last of them.
        DateOnly? closedOn = followUpOpen == 0 ? lastDay.AddDays(random.Next(1, 10)) : null;
        if (closedOn?.Year != Year) closedOn = null;

        var departments = inspecting.Select(d => new TaskDepartmentProgress(d, closedOn is null ? "reviewed" : "published", 0, null))
            .Concat(declined is null ? [] : [new TaskDepartmentProgress(declined, "declined", 0, null)]).ToList();
        messages.Add(new TaskProgressed(taskId, 20, name, closedOn is null ? "follow_up" : "closed", departments, planId, code, quotas, entities, from, checkTo,
            calendar.ResultsDue(checkTo).On, from.AddDays(-20), drawnOn, startedOn, closedOn, At(closedOn ?? new DateOnly(Year, 12, 31)), byRiskClass));

        var kind = joint ? "joint" : "own";
        foreach (var department in inspecting)
        {
            tally.Add(Subjects(department), startedOn, $"tasks_started_{kind}", taskId);
            if (byRiskClass > 0) tally.Add(Subjects(department), startedOn, "tasks_started_stratified", taskId);
            if (closedOn is { } closed) tally.Add(Subjects(department), closed, $"tasks_finished_{kind}", taskId);
            tally.Add(Subjects(department), drawnOn, "entities_drawn", taskId, entities);
        }
        return startedOn;
    }

    /// <summary>One department's result for one entity; returns when it was approved and whether its follow-up is still open.</summary>
    private (DateOnly? ApprovedOn, bool FollowUpOpen) Result(string taskId, string department, string uscc, bool joint, DateOnly from, DateOnly checkTo)
    {
        var resultId = $"{taskId}:{department}:{uscc}";
        var checkedOn = from.AddDays(random.Next(0, checkTo.DayNumber - from.DayNumber + 1));
        var due = calendar.ResultsDue(checkedOn).On;
        // One in twenty is still awaiting review; of the rest, one in ten is published late.
        DateOnly? approvedOn = random.NextDouble() < 0.05 ? null
            : random.NextDouble() < 0.1 ? due.AddDays(random.Next(1, 15)) : checkedOn.AddDays(random.Next(2, due.DayNumber - checkedOn.DayNumber + 1));
        var roll = random.NextDouble();
        string[] categories = roll switch
        {
            < 0.80 => ["no_problem"],
            < 0.93 => ["problem_pending"],
            < 0.97 => ["problem_corrected"],
            _ => ["no_relevant_activity"],
        };
        var problem = categories[0] is "problem_pending" or "problem_corrected";
        string[] followUps = !problem || approvedOn is null ? []
            : categories[0] == "problem_corrected" ? ["order_correction"]
            : random.Next(4) switch { 0 => ["order_correction"], 1 => ["order_correction", "penalty_decided"], 2 => ["clue_transferred"], _ => ["copied_to_department"] };
        DateOnly? closedOn = followUps.Length > 0 && random.NextDouble() < 0.7 ? approvedOn!.Value.AddDays(random.Next(5, 60)) : null;
        if (closedOn?.Year != Year) closedOn = null;

        messages.Add(new ResultProgressed(resultId, 6, taskId, department, uscc, approvedOn is null ? "submitted" : "approved", checkedOn, due,
            checkedOn.AddDays(1), approvedOn, [random.NextDouble() < 0.8 ? "on_site" : "documentary"], categories, problem, followUps, closedOn,
            At(closedOn ?? approvedOn ?? checkedOn)));

        var subjects = Subjects(department);
        tally.Add(subjects, checkedOn, "entities_inspected", resultId);
        if (joint) tally.Add(subjects, checkedOn, "entities_inspected_joint", resultId);
        inspections.Add((department, checkedOn, uscc, joint));
        if (problem)
        {
            tally.Add(subjects, checkedOn, "problems_found", resultId);
            problems.Add((department, checkedOn, closedOn));
        }
        foreach (var category in categories) tally.Add(subjects, checkedOn, $"category_{category}", resultId);
        foreach (var followUp in followUps) tally.Add(subjects, checkedOn, $"follow_up_{followUp}", resultId);
        if (approvedOn is { } approved) tally.Add(subjects, approved, approved <= due ? "published_on_time" : "published_late", resultId);
        return (approvedOn, followUps.Length > 0 && closedOn is null);
    }

    /// <summary>The office goes back to a sample of each quarter's entities.</summary>
    private void ReturnVisits()
    {
        for (var quarter = 1; quarter <= 4; quarter++)
        {
            var plannedOn = new DateOnly(Year, quarter * 3 - 1, 15);
            var drawn = random.Next(5, 12);
            var visited = quarter == 4 ? random.Next(0, drawn) : drawn;
            var id = $"RV-{Year}-Q{quarter}";
            messages.Add(new ReturnVisitProgressed(id, 3, DemoData.Office, visited == drawn ? "closed" : "drawn", [], drawn, visited,
                new Dictionary<string, int> { ["confirmed"] = visited }, plannedOn, visited == drawn ? plannedOn.AddDays(20) : null, At(plannedOn)));
            tally.Add(Subjects(DemoData.Office), plannedOn, "return_visits_drawn", id, drawn);
            tally.Add(Subjects(DemoData.Office), plannedOn, "return_visits_visited", id, visited);
        }
    }

    private (long, long) PlannedDone(string subject, int fromMonth, int toMonth)
    {
        var end = new DateOnly(Year, toMonth, 1).AddMonths(1).AddDays(-1);
        var due = planned.Where(p => Subjects(p.Department).Contains(subject) && p.PlannedFrom.Month >= fromMonth && p.PlannedFrom.Month <= toMonth).ToList();
        return (due.Count(p => p.StartedOn <= end), due.Count);
    }

    /// <summary>Distinct entities the subject inspected in the months, and of them those it inspected in a joint task at least once.</summary>
    private (long Joint, long All) EntitiesInspected(string subject, int fromMonth, int toMonth)
    {
        var jointly = new Dictionary<string, bool>();
        foreach (var (department, checkedOn, uscc, joint) in inspections)
            if (checkedOn.Year == Year && checkedOn.Month >= fromMonth && checkedOn.Month <= toMonth && Subjects(department).Contains(subject))
                jointly[uscc] = jointly.GetValueOrDefault(uscc) || joint;
        return (jointly.Values.Count(j => j), jointly.Count);
    }

    private long Closed(string subject, int fromMonth, int toMonth)
    {
        var end = new DateOnly(Year, toMonth, 1).AddMonths(1).AddDays(-1);
        return problems.Count(p => Subjects(p.Department).Contains(subject) && p.CheckedOn.Month >= fromMonth && p.CheckedOn.Month <= toMonth && p.ClosedOn <= end);
    }

    /// <summary>Whose figures a department's work counts in: its own, its county's or district's, and the city's.</summary>
    private string[] Subjects(string department) =>
        regionOf[department] == "130300" ? [department, "region:130300"] : [department, $"region:{regionOf[department]}", "region:130300"];

    private List<string> Partners(string lead)
    {
        var others = Inspecting.Where(d => d != lead && regionOf[d] == "130300").ToList();
        return [.. others.OrderBy(_ => random.Next()).Take(random.Next(1, 3))];
    }

    private static string Name(string department) => DemoData.Departments.First(d => d.Id == department).Name;

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));

    /// <summary>Counts by subject, month and line; a record counts once per line (a task in two departments of one region counts once there).</summary>
    private sealed class Tally(int year)
    {
        private readonly Dictionary<(string Subject, int Month, string Line), Dictionary<string, long>> counts = [];

        public void Add(string[] subjects, DateOnly on, string line, string recordId, long value = 1)
        {
            if (on.Year != year) return;
            foreach (var subject in subjects)
            {
                var key = (subject, on.Month, line);
                if (!counts.TryGetValue(key, out var records)) counts[key] = records = [];
                records[recordId] = value;
            }
        }

        public long Sum(string subject, int fromMonth, int toMonth, string line) =>
            Enumerable.Range(fromMonth, toMonth - fromMonth + 1).Sum(m => counts.TryGetValue((subject, m, line), out var r) ? r.Values.Sum() : 0);
    }
}

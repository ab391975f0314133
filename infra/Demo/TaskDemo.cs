using Grpc.Core;
using Grpc.Net.Client;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Demo;

/// <summary>
/// A whole joint inspection (部门联合抽查, "one visit, several checks"): the district market bureau's annual plan
/// with a joint task for the city health commission, published; the task made from it, the commission invited
/// and accepting, approval; then (after <see cref="DrawDemo"/> draws for it) the draw arriving from the draw
/// engine, both matches, results of both departments with one problem, review, publication, the follow-up
/// (order to correct, corrected) and the task closed.
/// </summary>
public sealed class TaskDemo(GrpcChannel channel, Func<string, string, Metadata> caller)
{
    public const string LeadItem = "130302-AMR:HBSC-004";
    public const string PartnerItem = "130300-HWC:QHDWJ-001";
    public const string Lead = "130302-AMR";
    private const string Partner = "130300-HWC";
    private const string PlannedCode = "LH-01";

    // Check dates may not lie in the future: the plan is for this year in China and the checks are today.
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
    internal static string Day => Today.ToString("yyyy-MM-dd");

    private readonly Tasks.TasksClient tasks = new(channel);

    private Metadata Staff(string department) => caller(department, Roles.Staff);

    private Metadata Reviewer(string department) => caller(department, Roles.Reviewer);

    /// <summary>The plan (once a year) and a new joint task from it, ready for its draw; returns the task's id.</summary>
    public async Task<string> PrepareAsync()
    {
        try
        {
            await tasks.GetPlanAsync(new GetPlanRequest { DepartmentId = Lead, Year = Today.Year }, Staff(Lead));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            await tasks.DraftPlanAsync(new DraftPlanRequest
            {
                DepartmentId = Lead, Year = Today.Year,
                Batches =
                {
                    new PlanBatch
                    {
                        Number = 1, Name = "第一批",
                        Tasks =
                        {
                            new PlannedTask
                            {
                                Code = PlannedCode, Name = "餐饮服务食品安全与公共场所卫生联合抽查", Items = { LeadItem },
                                Scope = new PlanScope { Divisions = { "130302" }, SubLibraries = { "130300-AMR/licensed-food-businesses" } },
                                Quotas = { "ABCD".Zip(new[] { 2.0, 5, 10, 30 }, (c, p) => new RiskQuota { RiskClass = $"{c}", Percent = p }) },
                                From = $"{Today.Year}-01-01", To = $"{Today.Year}-12-31", Joint = true, LeadDepartmentId = Lead, ParticipantIds = { Partner },
                            },
                        },
                    },
                },
            }, Staff(Lead));
            await tasks.ApprovePlanAsync(new PlanCommandRequest { DepartmentId = Lead, Year = Today.Year }, Reviewer(Lead));
            await tasks.PublishPlanAsync(new PlanCommandRequest { DepartmentId = Lead, Year = Today.Year }, Staff(Lead));
        }

        var id = $"QHD-{Today.Year}-LH-{DateTime.UtcNow:MMddHHmmss}";
        await tasks.CreateTaskFromPlanAsync(new CreateTaskFromPlanRequest { TaskId = id, DepartmentId = Lead, Year = Today.Year, TaskCode = PlannedCode }, Staff(Lead));
        await tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = Partner, Items = { PartnerItem } }, Staff(Lead));
        await tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = id, DepartmentId = Partner }, Staff(Partner));
        await tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = id }, Reviewer(Lead));
        await tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = id }, Staff(Lead));
        return id;
    }

    /// <summary>
    /// From the executed draw to the closed task, each department's checks done by the team the draw engine matched;
    /// returns the entity where the problem was found.
    /// </summary>
    public async Task<string> InspectAsync(string id, IReadOnlyDictionary<(string Department, string Uscc), IReadOnlyList<string>> teams)
    {
        // The draw reaches the task from the draw engine, over the bus.
        var task = await Patience.Until(() => tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(Lead)).ResponseAsync,
            t => t.Status == TaskStatus.Drawn, $"the draw reaching task {id}");
        // So do the teams each department matched there: the tasks service records each match once they have arrived (on
        // an instance that has just run the draw benchmark, behind that benchmark's hundreds of thousands of teams).
        await Patience.Until(() => tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(Lead)).ResponseAsync,
            t => t.Departments.All(d => d.Stage >= DepartmentStage.Matched), $"the matches of task {id}", seconds: 300);
        await tasks.StartChecksAsync(new TaskCommandRequest { TaskId = id }, Staff(Lead));

        // 谁检查、谁录入: each department its own results, in the forms of the combined record (一企一表) fixed at
        // approval; the bureau finds undisclosed information at the first entity.
        var problem = task.Entities[0];
        var record = await tasks.GetCheckRecordAsync(new GetCheckRecordRequest { TaskId = id, Uscc = problem }, Staff(Lead));
        foreach (var (department, item) in new[] { (Lead, LeadItem), (Partner, PartnerItem) })
        {
            foreach (var uscc in task.Entities)
            {
                var found = department == Lead && uscc == problem;
                var team = teams.GetValueOrDefault((department, uscc))
                    ?? throw new InvalidOperationException($"{department} has no complete team for {uscc}: more inspectors or a higher workload cap are needed");
                var entry = new ResultEntry
                {
                    CheckDates = { Day }, Methods = { CheckMethod.OnSite },
                    Categories = { found ? ResultCategory.ProblemPending : ResultCategory.NoProblem },
                    Items = { new ItemOutcome { ItemId = item, Checked = true, ProblemFound = found, Action = found ? "责令限期公示年度报告" : "" } },
                    InspectorIds = { team },
                    FormValues = { Filled(record.Departments.Single(d => d.DepartmentId == department), found) },
                };
                if (found) entry.PendingReasons.Add(PendingReason.UndisclosedInformation);
                await tasks.SubmitResultAsync(new ResultEntryRequest { TaskId = id, DepartmentId = department, Uscc = uscc, Entry = entry }, Staff(department));
                await tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = id, DepartmentId = department, Uscc = uscc }, Reviewer(department));
            }
            var step = new DepartmentStepRequest { TaskId = id, DepartmentId = department };
            await tasks.CompleteEntryAsync(step, Staff(department));
            await tasks.CompleteReviewAsync(step, Reviewer(department));
            task = await tasks.PublishResultsAsync(step, Staff(department));
        }

        // 后续处置: ordered to correct, corrected, closed; then the task.
        await tasks.RecordFollowUpAsync(new RecordFollowUpRequest
        {
            TaskId = id, DepartmentId = Lead, Uscc = problem,
            Action = new FollowUpAction { Kind = FollowUpKind.OrderCorrection, On = Day, Reason = "未按规定公示年度报告，责令10日内改正" },
        }, Staff(Lead));
        await tasks.RecordCorrectionAsync(new RecordCorrectionRequest { TaskId = id, DepartmentId = Lead, Uscc = problem, CorrectedOn = Day, Note = "已补报公示" },
            Staff(Lead));
        var closed = await tasks.CloseResultFollowUpAsync(new CloseResultFollowUpRequest { TaskId = id, DepartmentId = Lead, Uscc = problem, ClosedOn = Day },
            Staff(Lead));
        await tasks.CloseFollowUpAsync(new DepartmentStepRequest { TaskId = id, DepartmentId = Lead }, Staff(Lead));
        task = await tasks.CloseTaskAsync(new CloseTaskRequest { TaskId = id, ClosedOn = Day }, Staff(Lead));

        Console.WriteLine($"  task {id} ({task.Name}): {task.Entities.Count} entities inspected by {Lead} and {Partner} in one visit each; "
                          + $"1 problem ({problem}: ordered to correct, corrected, closed); results due by {Due(closed.ResultsDue, closed.ResultsDueProvisional)}; "
                          + $"status {task.Status}");
        record = await tasks.GetCheckRecordAsync(new GetCheckRecordRequest { TaskId = id, Uscc = problem }, Staff(Partner));
        Console.WriteLine($"  一企一表 of {problem}:");
        foreach (var d in record.Departments)
            foreach (var form in d.Items.SelectMany(i => i.Forms))
                Console.WriteLine($"    {d.DepartmentId} {form.Name}: {string.Join("；", form.Fields.Select(f => $"{f.Label} {string.Join("、", f.Values)}"))}");
        return problem;
    }

    /// <summary>
    /// A due date as the demo prints it: counted Monday to Friday while its year's holiday notice is not recorded (checks in
    /// December, before the State Council's notice for the next year), and marked so.
    /// </summary>
    public static string Due(string date, bool provisional) =>
        provisional ? $"{date} (provisional, 暂按工作日计算: counted Monday to Friday until the year's holiday notice is recorded)" : date;

    /// <summary>What the inspectors wrote in the department's forms: all in order, or the storage found wanting.</summary>
    private static IEnumerable<FormValue> Filled(CheckRecordDepartment department, bool problem) =>
        department.Items.SelectMany(i => i.Forms).SelectMany(form => form.Fields.Select(f => new FormValue
        {
            FormId = form.FormId, Key = f.Key,
            Values =
            {
                f.Type switch
                {
                    "boolean" => ["true"],
                    "number" => ["4"],
                    "date" => [Day],
                    "multi_choice" => f.Options.Take(2),
                    "choice" => [problem ? f.Options[1] : f.Options[0]],
                    _ => ["符合要求"],
                },
            },
        }));
}

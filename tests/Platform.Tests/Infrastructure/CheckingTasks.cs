using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.ServiceDefaults.Messaging;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// Inspection tasks brought to their checks through the gateway, the draw engine's part played by the test: its draw and
/// its teams are messages the test sends.
/// </summary>
public sealed class CheckingTasks(PlatformFixture platform, Scenario scenario)
{
    public static PlanScope Haigang => new() { Divisions = { "130302" }, EntityTypes = { "enterprise" } };

    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    private IBus Bus => platform.Directories.Services.GetRequiredService<IBus>();

    public static Grpc.Core.CallOptions Staff(string department) => As(Scenario.StaffOf(department));

    public static Grpc.Core.CallOptions Reviewer(string department) => As(new Caller($"reviewer-{department}", department, Roles.Reviewer));

    /// <summary>
    /// A department's own task outside the plan, drawn (by the draw engine's message) and matched, its checks started; each
    /// entity's team is <paramref name="team"/> (by default two inspectors; none: the engine found no one to send).
    /// </summary>
    public async Task<string> Start(string department, string code, string item, DateOnly from, DateOnly to, string[] entities, string[]? team = null)
    {
        var id = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id(code), DepartmentId = department, Name = "专项抽查", Items = { item }, Scope = Haigang,
            Quotas = { new RiskQuota { RiskClass = "D", Count = entities.Length } }, CheckFrom = $"{from:yyyy-MM-dd}", CheckTo = $"{to:yyyy-MM-dd}",
            Reason = "专项核查",
        }, Staff(department))).TaskId;
        await ToChecks(id, department, $"draw-{code}", entities, team);
        return id;
    }

    /// <summary>A department's draft task of its own approved, drawn (by the draw engine's message) and matched, its checks started.</summary>
    public async Task ToChecks(string id, string department, string drawId, string[] entities, string[]? team = null)
    {
        await Tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = id }, Reviewer(department));
        await Tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = id }, Staff(department));
        await Bus.Publish(new TaskEntitiesDrawn(drawId, id, [department], entities, null, platform.Clock.GetUtcNow()));
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(department)).ResponseAsync,
            t => t.Status == TaskStatus.Drawn, "the draw on the task");
        await Matched(id, drawId, department, entities, team ?? ["QHD-AMR-001", "QHD-AMR-002"]);
        await Tasks.StartChecksAsync(new TaskCommandRequest { TaskId = id }, Staff(department));
    }

    /// <summary>A department's own task checked (nothing found at its entities), reviewed, published and closed today.</summary>
    public async Task<string> Closed(string department, string code, string item, string[] entities)
    {
        var id = await Start(department, code, item, platform.Today.AddDays(-10), platform.Today, entities);
        await Close(id, department, item, entities);
        return id;
    }

    /// <summary>A department's task in its checks checked (nothing found at its entities), reviewed, published and closed today.</summary>
    public async Task Close(string id, string department, string item, string[] entities)
    {
        var today = $"{platform.Today:yyyy-MM-dd}";
        foreach (var uscc in entities)
        {
            await Tasks.SubmitResultAsync(new ResultEntryRequest
            {
                TaskId = id, DepartmentId = department, Uscc = uscc,
                Entry = new ResultEntry
                {
                    CheckDates = { today }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                    Items = { new ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { "QHD-AMR-001", "QHD-AMR-002" },
                },
            }, Staff(department));
            await Tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = id, DepartmentId = department, Uscc = uscc }, Reviewer(department));
        }
        var step = new DepartmentStepRequest { TaskId = id, DepartmentId = department };
        await Tasks.CompleteEntryAsync(step, Staff(department));
        await Tasks.CompleteReviewAsync(step, Reviewer(department));
        await Tasks.PublishResultsAsync(step, Staff(department));
        await Tasks.CloseTaskAsync(new CloseTaskRequest { TaskId = id, ClosedOn = today }, Staff(department));
    }

    /// <summary>
    /// The draw engine's teams of a department (its message, sent by the test, attributed to the department's staff who
    /// matched them as the engine's relay attributes it); the tasks service records the department's match on them.
    /// </summary>
    public async Task Matched(string taskId, string drawId, string department, string[] entities, params string[] team)
    {
        await Bus.Publish(new InspectorsAssigned(drawId, taskId, department, [.. entities.Select(u => new AssignedTeam(u, team))], 1, platform.Clock.GetUtcNow()),
            context =>
            {
                context.Headers.Set(RelayHeaders.User, Scenario.StaffOf(department).UserId);
                context.Headers.Set(RelayHeaders.Department, department);
                context.Headers.Set(RelayHeaders.Role, Roles.Staff);
            });
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, Staff(department)).ResponseAsync,
            t => t.Departments.Single(d => d.DepartmentId == department).Stage == DepartmentStage.Matched, $"the match of {department} on the task");
    }
}

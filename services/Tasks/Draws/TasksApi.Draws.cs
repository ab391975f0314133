using Grpc.Core;
using Marten;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Draws;
using Shuangsuiji.Tasks.Plans;
using DrawsProto = Shuangsuiji.Api.Draws.V1;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

/// <summary>
/// A task's draw: the service decides what the task allows it to be and asks the draw engine, on the caller's behalf (its
/// own token), to prepare and execute it; the engine keeps commit–reveal, sealing, randomness and the record. The executed
/// draw comes back as the engine's message (<see cref="InspectionTasks.TaskEntitiesDrawnConsumer"/>).
/// </summary>
public sealed partial class TasksApi
{
    /// <summary>What the task allows the draw to be. The draw engine asks it of every preparation: it cannot tell this service's calls from a client's.</summary>
    public override async Task<Proto.DrawTerms> CheckDraw(DrawsProto.PrepareDrawRequest r, ServerCallContext call)
    {
        var terms = await TermsAsync(r, call);
        return new Proto.DrawTerms { DepartmentIds = { terms.Departments }, ItemIds = { terms.Items }, Scope = ToProto(terms.Scope), Quotas = { ToProto(terms.Quotas) } };
    }

    public override async Task<DrawsProto.Draw> PrepareDraw(DrawsProto.PrepareDrawRequest r, ServerCallContext call)
    {
        var terms = await TermsAsync(r, call);
        var request = r.Clone();
        request.DepartmentIds.Clear();
        request.DepartmentIds.Add(terms.Departments);
        request.ItemIds.Clear();
        request.ItemIds.Add(terms.Items);
        request.Scope = new DrawsProto.Scope
        {
            Divisions = { terms.Scope.Divisions }, Industries = { terms.Scope.Industries }, EntityTypes = { terms.Scope.EntityTypes },
            Tags = { terms.Scope.Tags }, SubLibraries = { terms.Scope.SubLibraries },
        };
        return await engine.PrepareDrawAsync(request, call.Onward());
    }

    /// <summary>
    /// Executes the task's prepared draw while the task can still take it. A draw already executed goes to the engine
    /// unchecked: sent again under the x-request-id that executed it, the engine answers it.
    /// </summary>
    public override async Task<DrawsProto.Draw> ExecuteDraw(Proto.ExecuteTaskDrawRequest r, ServerCallContext call)
    {
        var taskId = Require.Code(r.TaskId, "task_id");
        var draw = await engine.GetDrawAsync(new DrawsProto.GetDrawRequest { DrawId = Require.Code(r.DrawId, "draw_id") }, call.Onward());
        if (draw.TaskId != taskId)
            throw new InvalidFieldException("draw_id", $"draw {draw.DrawId} is of {draw.TaskId}, not of {taskId}", $"抽取 {draw.DrawId} 属于 {draw.TaskId}，不属于 {taskId}",
                TasksReasons.DrawOfOtherTask.About(draw.DrawId, taskId));
        if (draw.Status != DrawsProto.DrawStatus.Executed)
        {
            var redrawOf = draw.RedrawOf is { Length: > 0 } earlier ? earlier : null;
            await using var query = store.QuerySession();
            if (draw.SampledTaskIds.Count > 0) DrawFit.Takes(await VisibleVisitAsync(query, taskId, call), redrawOf);
            else DrawFit.Takes(await VisibleTaskAsync(query, taskId, call), redrawOf);
        }
        return await engine.ExecuteDrawAsync(new DrawsProto.ExecuteDrawRequest { DrawId = draw.DrawId, PublicValue = r.PublicValue }, call.Onward());
    }

    /// <summary>A return visit's draw names the tasks it samples; any other is a task's.</summary>
    private async Task<DrawTerms> TermsAsync(DrawsProto.PrepareDrawRequest r, ServerCallContext call)
    {
        var asked = new AskedDraw([.. r.DepartmentIds.Select(d => d.Trim())], [.. r.ItemIds.Select(i => i.Trim())],
            new PlanScope([.. r.Scope?.Divisions ?? []], [.. r.Scope?.Industries ?? []], [.. r.Scope?.EntityTypes ?? []], [.. r.Scope?.Tags ?? []],
                [.. r.Scope?.SubLibraries ?? []]),
            [.. r.Strata.Select(s => (IReadOnlyList<string>)[.. s.RiskClasses.Select(c => c.Trim().ToUpperInvariant())])],
            string.IsNullOrWhiteSpace(r.RedrawOf) ? null : r.RedrawOf.Trim(), [.. r.SampledTaskIds.Select(t => t.Trim())]);
        await using var query = store.QuerySession();
        return asked.IsReturnVisit
            ? DrawFit.ForVisit(await VisibleVisitAsync(query, r.TaskId, call), asked)
            : DrawFit.ForTask(await VisibleTaskAsync(query, r.TaskId, call), asked);
    }
}

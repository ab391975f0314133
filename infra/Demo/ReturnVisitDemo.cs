using Grpc.Core;
using Grpc.Net.Client;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Demo;

/// <summary>
/// A return visit (回访): the city office samples two entities of the closed joint task with the draw engine (the
/// engine is the second party, its secret sealed; the office lets it keep the office's secret too), goes back to them,
/// records what it found and closes the visit.
/// </summary>
public sealed class ReturnVisitDemo(GrpcChannel channel, Func<string, string, Metadata> caller)
{
    public async Task RunAsync(string closedTaskId)
    {
        var office = caller(DemoData.Office, Roles.Supervisor);
        var tasks = new Tasks.TasksClient(channel);
        var draws = new Api.Draws.V1.Draws.DrawsClient(channel);
        var visit = await tasks.PlanReturnVisitAsync(new PlanReturnVisitRequest
        {
            VisitId = $"RV-{closedTaskId}", OfficeId = DemoData.Office, Name = "联合抽查回访", TaskIds = { closedTaskId }, Reason = "检验联合抽查实效",
        }, office);

        var request = new PrepareDrawRequest
        {
            TaskId = visit.VisitId, DepartmentIds = { DemoData.Office }, SampledTaskIds = { closedTaskId },
            Strata = { new Stratum { Label = "all", RiskClasses = { "A", "B", "C", "D" }, Count = 2 } },
            PublicRandomness = DemoBeacon.Randomness,
        };
        // The draw engine learns over the bus that the task closed, and the visit receives its draw the same way; the visit's
        // draw is asked of the tasks service, as a task's is.
        var draw = await Patience.Retry(() =>
        {
            request.CommitDeadline = DemoBeacon.Deadline();
            return tasks.PrepareDrawAsync(request, office).ResponseAsync;
        }, "SAMPLED_TASK_NOT_CLOSED");
        await draws.CommitSecretAsync(new CommitSecretRequest { DrawId = draw.DrawId, Party = DemoData.Office, Generate = true }, office);
        await DemoBeacon.EnterAsync(draws, draw, office);
        await tasks.ExecuteDrawAsync(new ExecuteTaskDrawRequest { TaskId = visit.VisitId, DrawId = draw.DrawId }, office);
        visit = await Patience.Until(() => tasks.GetReturnVisitAsync(new GetReturnVisitRequest { VisitId = visit.VisitId }, office).ResponseAsync,
            v => v.Status == ReturnVisitStatus.Drawn, $"draw {draw.DrawId} reaching return visit {visit.VisitId}");

        foreach (var (entity, n) in visit.Entities.Select((e, n) => (e, n)))
            visit = await tasks.RecordVisitAsync(new RecordVisitRequest
            {
                VisitId = visit.VisitId, Uscc = entity.Uscc, VisitedOn = TaskDemo.Day,
                Outcome = n == 0 ? VisitOutcome.Confirmed : VisitOutcome.NotCorrected, Findings = n == 0 ? "" : "后厨卫生问题复现，已转海港区市场监管局处理",
            }, office);
        visit = await tasks.CloseReturnVisitAsync(new CloseReturnVisitRequest
        {
            VisitId = visit.VisitId, ClosedOn = TaskDemo.Day, Summary = $"回访{visit.Entities.Count}户，{visit.Entities.Count(e => e.Outcome != VisitOutcome.Confirmed)}户问题复现",
        }, office);

        Console.WriteLine();
        Console.WriteLine($"回访 {visit.VisitId} by {DemoData.Office} (draw {draw.DrawId} over the closed task):");
        foreach (var e in visit.Entities)
            Console.WriteLine($"  {e.Uscc}: {e.Outcome}{(e.Findings == "" ? "" : $" — {e.Findings}")}");
        Console.WriteLine($"  {visit.Status} on {visit.ClosedOn}: {visit.Summary}");
    }
}

using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Supervision.V1;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Demo;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>A simulated year of Qinhuangdao (infra/Demo) sent over RabbitMQ as the tasks service reports it.</summary>
public static class SimulatedYears
{
    /// <summary>Sends the year's messages and waits until the supervision service has all of them.</summary>
    public static async Task Send(PlatformFixture platform, YearSimulator simulated)
    {
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        foreach (var batch in simulated.Messages.Chunk(500))
            foreach (var group in batch.GroupBy(m => m.GetType()))
                await Publish(bus, group.Key, group);
        var supervision = new Api.Supervision.V1.Supervision.SupervisionClient(platform.GatewayChannel);
        var (_, inspections) = simulated.Figure("region:130300", 1, 12, "problem_discovery");
        var (_, tasks) = simulated.Figure("region:130300", 1, 12, "joint_tasks");
        await Eventually.Get(() => supervision.GetTargetsAsync(new GetTargetsRequest { Subject = "region:130300", Year = simulated.Year }, As(Scenario.Office)).ResponseAsync,
            t => t.Figures.Single(f => f.Code == "problem_discovery").Denominator == inspections && t.Figures.Single(f => f.Code == "joint_tasks").Denominator == tasks,
            "the simulated year at the supervision service", timeoutSeconds: 180);
    }

    private static Task Publish(IBus bus, Type type, IEnumerable<object> messages) => type.Name switch
    {
        nameof(DepartmentChanged) => bus.PublishBatch(messages.Cast<DepartmentChanged>()),
        nameof(PlanVersionPublished) => bus.PublishBatch(messages.Cast<PlanVersionPublished>()),
        nameof(TaskProgressed) => bus.PublishBatch(messages.Cast<TaskProgressed>()),
        nameof(ResultProgressed) => bus.PublishBatch(messages.Cast<ResultProgressed>()),
        nameof(ReturnVisitProgressed) => bus.PublishBatch(messages.Cast<ReturnVisitProgressed>()),
        _ => throw new InvalidOperationException(type.Name),
    };
}

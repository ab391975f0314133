using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.ServiceDefaults.Departments;

/// <summary>Keeps the <see cref="KnownDepartment"/>s of a service that scopes by the department tree, from the directories' messages.</summary>
public sealed class DepartmentChangedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<DepartmentChanged>(store, clock)
{
    protected override async Task Handle(DepartmentChanged m, IDocumentSession session, ConsumeContext<DepartmentChanged> context)
    {
        var current = await session.LoadAsync<KnownDepartment>(m.DepartmentId, context.CancellationToken);
        if (current?.Version >= m.Version) return;
        session.Store(new KnownDepartment(m.DepartmentId, m.Name, m.Level, m.RegionCode, m.ParentId, m.Kind == "office", m.Retired, m.Version, m.SuccessorId));
    }
}

public static class DepartmentTreeExtensions
{
    /// <summary>The department's division as the directories last said; none for a department this service has not heard of.</summary>
    public static async Task<string?> RegionOfAsync(this IDocumentStore store, string departmentId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return (await query.LoadAsync<KnownDepartment>(departmentId, ct))?.RegionCode;
    }

    /// <summary>
    /// A department retired or merged away (机构改革) takes no new work: <paramref name="field"/> naming it is refused. One the
    /// service has not heard of passes: the rules that need it known say so themselves.
    /// </summary>
    public static async Task RefuseRetiredAsync(this IDocumentStore store, string departmentId, string field, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        if (await query.LoadAsync<KnownDepartment>(departmentId, ct) is not { Retired: true } retired) return;
        var successor = retired.SuccessorId is { } id ? (await query.LoadAsync<KnownDepartment>(id, ct))?.Name ?? id : null;
        throw new InvalidFieldException(field, successor is null ? $"department {departmentId} is retired" : $"department {departmentId} was merged into {retired.SuccessorId}",
            successor is null ? $"部门 {retired.Name} 已撤销" : $"部门 {retired.Name} 已并入{successor}", Reasons.DepartmentRetired.About(departmentId));
    }

    /// <summary>
    /// A service that scopes by the department tree keeps <see cref="KnownDepartment"/>s (its bus takes
    /// <see cref="DepartmentChangedConsumer"/>: AddConsumer in AddBus) and asks at start for every department, which it
    /// may have missed (started for the first time after they were made).
    /// </summary>
    public static IHostApplicationBuilder AddDepartmentTree(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.ConfigureMarten(o => o.Schema.For<KnownDepartment>().UseOptimisticConcurrency(true));
        AskAtStart.Add(builder.Services, at => new DepartmentsRequested(serviceName, at));
        return builder;
    }
}

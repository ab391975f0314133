using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure;

public sealed partial class PublicRecordsApi
{
    public override async Task<Proto.ListPublicDepartmentsResponse> ListDepartments(Proto.ListPublicDepartmentsRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        IQueryable<PublicDepartment> departments = query.Query<PublicDepartment>();
        if (!r.IncludeRetired) departments = departments.Where(d => !d.Retired);
        if (r.RegionCode is { Length: > 0 }) departments = departments.Where(d => d.RegionCode == r.RegionCode);
        var list = await departments.OrderBy(d => d.Id).ToListAsync(call.CancellationToken);
        var entries = (await query.Query<PublicListItem>().ToListAsync(call.CancellationToken)).ToDictionary(e => e.Id);
        var today = Today;
        var counts = entries.Values.Select(e => ListedItem.Resolve(e, entries)).Where(i => i.ListedOn(today))
            .CountBy(i => i.Entry.DepartmentId).ToDictionary();
        return new Proto.ListPublicDepartmentsResponse
        {
            Departments =
            {
                list.Select(d => new Proto.PublicDepartment
                {
                    DepartmentId = d.Id, Name = d.Name, Level = d.Level, RegionCode = d.RegionCode, ParentId = d.ParentId ?? "",
                    Retired = d.Retired, SuccessorId = d.SuccessorId ?? "", ItemCount = counts.GetValueOrDefault(d.Id),
                }),
            },
        };
    }

    public override async Task<Proto.ListPublicItemsResponse> ListItems(Proto.ListPublicItemsRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        var (offset, size) = Page(r.PageSize, r.PageToken);
        await using var query = store.QuerySession();
        var department = await query.LoadAsync<PublicDepartment>(departmentId, call.CancellationToken)
            ?? throw new NotFoundException($"no department {departmentId}", $"没有部门 {departmentId}", Reasons.DepartmentNotFound.About(departmentId));
        var entries = await query.Query<PublicListItem>().Where(i => i.DepartmentId == departmentId)
            .OrderBy(i => i.Code).ToListAsync(call.CancellationToken);
        var items = new List<Proto.PublicItem>();
        foreach (var entry in entries)
        {
            var item = await ToProto(query, department, entry, call.CancellationToken);
            if (!r.IncludeRetired && item.Status is "retired" or "withdrawn") continue;
            if (r.Kind is { Length: > 0 } && item.Kind != r.Kind) continue;
            if (r.Query is { Length: > 0 } && !item.Name.Contains(r.Query, StringComparison.OrdinalIgnoreCase)
                && !item.Code.Contains(r.Query, StringComparison.OrdinalIgnoreCase)) continue;
            items.Add(item);
        }
        return new Proto.ListPublicItemsResponse
        {
            Items = { items.Skip(offset).Take(size) },
            NextPageToken = NextToken(offset, size, items.Count),
            Total = items.Count,
        };
    }

    public override async Task<Proto.PublicItem> GetItem(Proto.GetPublicItemRequest r, ServerCallContext call)
    {
        var departmentId = Require.Code(r.DepartmentId, "department_id");
        var code = Require.Code(r.Code, "code");
        await using var query = store.QuerySession();
        var entry = await query.LoadAsync<PublicListItem>($"{departmentId}:{code}", call.CancellationToken);
        var department = await query.LoadAsync<PublicDepartment>(departmentId, call.CancellationToken);
        if (entry is null || department is null)
            throw new NotFoundException($"no item {code} on the public list of {departmentId}", $"{departmentId} 公开的检查事项清单中没有事项 {code}",
                DisclosureReasons.PublicItemNotFound.About(departmentId, code));
        return await ToProto(query, department, entry, call.CancellationToken);
    }

    /// <summary>The entry as published today; a claim shows its source's content, the upper level named.</summary>
    private async Task<Proto.PublicItem> ToProto(IQuerySession query, PublicDepartment department, PublicListItem entry, CancellationToken ct)
    {
        var item = await ListedItem.ResolveAsync(query, entry, ct);
        var today = Today;
        var content = item.ContentOn(today);
        var sourceDepartment = item.Sources.Count == 0 ? null : await query.LoadAsync<PublicDepartment>(item.Root.DepartmentId, ct);
        return new Proto.PublicItem
        {
            DepartmentId = department.Id,
            DepartmentName = department.Name,
            Code = entry.Code,
            Name = content?.Name ?? "",
            Kind = item.Kind(today) ?? "",
            LegalBasis = content?.LegalBasis ?? "",
            InternalUnit = content?.InternalUnit ?? "",
            Content = content?.Content ?? "",
            Method = content?.Method ?? "",
            EntityTypes = { content?.EntityTypes ?? [] },
            Industries = { content?.Industries ?? [] },
            InternetPlusCode = content?.InternetPlusCode ?? "",
            Status = item.StatusOn(today),
            EffectiveOn = item.RevisionOn(today)?.EffectiveOn?.ToString("yyyy-MM-dd") ?? "",
            RetiredOn = item.RetiredOn()?.ToString("yyyy-MM-dd") ?? "",
            Origin = entry.Origin,
            SourceDepartmentId = sourceDepartment?.Id ?? "",
            SourceDepartmentName = sourceDepartment?.Name ?? "",
            Revisions =
            {
                entry.Revisions.Select(v => new Proto.PublicItemRevision
                {
                    Version = v.Version, Change = v.Change, Reason = v.Reason ?? "",
                    EffectiveOn = v.EffectiveOn?.ToString("yyyy-MM-dd") ?? "", PublishedAt = Timestamp.FromDateTimeOffset(v.PublishedAt),
                }),
            },
        };
    }
}

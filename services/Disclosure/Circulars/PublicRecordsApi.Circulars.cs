using Grpc.Core;
using Marten;
using Shuangsuiji.Disclosure.Circulars;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure;

public sealed partial class PublicRecordsApi
{
    public override async Task<Proto.ListPublicCircularsResponse> ListCirculars(Proto.ListPublicCircularsRequest r, ServerCallContext call)
    {
        var (offset, size) = Page(r.PageSize, r.PageToken);
        await using var query = store.QuerySession();
        var all = await query.Query<PublicCircular>().ToListAsync(call.CancellationToken);
        var page = all.OrderByDescending(c => c.PublishedOn).ThenByDescending(c => c.Published.At).Skip(offset).Take(size).ToList();
        var names = await NamesAsync(query, page, call.CancellationToken);
        return new Proto.ListPublicCircularsResponse
        {
            Circulars = { page.Select(c => ToProto(c, names, all)) }, Total = all.Count, NextPageToken = NextToken(offset, size, all.Count),
        };
    }

    public override async Task<Proto.PublicCircular> GetCircular(Proto.GetPublicCircularRequest r, ServerCallContext call)
    {
        var id = Require.Code(r.CircularId, "circular_id");
        await using var query = store.QuerySession();
        var circular = await query.LoadAsync<PublicCircular>(PublicCircular.StreamId(id), call.CancellationToken)
            ?? throw new NotFoundException($"no circular {id} has been published", $"没有已发布的通报 {id}", DisclosureReasons.CircularNotFound.About(id));
        var corrections = await query.Query<PublicCircular>().Where(c => c.Corrects == id).ToListAsync(call.CancellationToken);
        return ToProto(circular, await NamesAsync(query, [circular], call.CancellationToken), corrections);
    }

    /// <summary>The names of the offices and departments the circulars name.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(IQuerySession query, IReadOnlyList<PublicCircular> circulars, CancellationToken ct)
    {
        var ids = circulars.SelectMany(c => c.Published.Findings.Select(f => f.DepartmentId).Append(c.Published.OfficeId)).Distinct().ToArray();
        return (await query.LoadManyAsync<PublicDepartment>(ct, ids)).ToDictionary(d => d.Id, d => d.Name);
    }

    private static Proto.PublicCircular ToProto(PublicCircular c, IReadOnlyDictionary<string, string> names, IEnumerable<PublicCircular> others)
    {
        var m = c.Published;
        return new Proto.PublicCircular
        {
            CircularId = c.CircularId, InspectionId = m.InspectionId, OfficeId = m.OfficeId, OfficeName = names.GetValueOrDefault(m.OfficeId, m.OfficeId),
            Subject = m.Subject, From = Date(m.From), To = Date(m.To), Title = m.Title, Text = m.Text, Corrects = c.Corrects ?? "", PublishedOn = Date(c.PublishedOn),
            CorrectedBy = { others.Where(o => o.Corrects == c.CircularId).OrderBy(o => o.PublishedOn).Select(o => o.CircularId) },
            Findings =
            {
                m.Findings.Select(f => new Proto.PublicCircularFinding
                {
                    FindingId = f.FindingId, DepartmentId = f.DepartmentId, DepartmentName = names.GetValueOrDefault(f.DepartmentId, f.DepartmentId),
                    Found = f.Found, Rectification = f.Rectification, RectifyBy = Date(f.RectifyBy),
                }),
            },
        };
    }
}

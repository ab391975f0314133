using Marten;
using Shuangsuiji.Directories.Entities;

namespace Shuangsuiji.Directories.Imports;

/// <summary>Entity registration data, upserted by USCC.</summary>
public sealed class EntityImport(EntityTable table) : IImportKind
{
    public ImportKind Kind => ImportKind.Entities;

    public IReadOnlyList<(string Name, string[] Aliases, bool Required)> Columns { get; } =
    [
        ("uscc", ["统一社会信用代码", "信用代码"], true),
        ("name", ["名称", "企业名称", "主体名称"], true),
        ("type", ["类型", "主体类型"], true),
        ("industry", ["行业", "行业代码"], true),
        ("division", ["行政区划", "行政区划代码"], true),
        ("address", ["住所", "地址", "经营场所"], true),
        ("status", ["登记状态", "状态"], false),
        ("registering_authority", ["登记机关"], true),
    ];

    public async Task<(ImportCounts Counts, IReadOnlyList<Rejection> Rejected)> ApplyAsync(
        ImportRun run, int firstLine, string stream, IReadOnlyList<SourceRow> rows, IDocumentSession session, CancellationToken ct)
    {
        var rejected = new List<Rejection>();
        var inputs = new List<(int Line, EntityInput Input)>();
        var c = run.Columns;
        foreach (var (row, rejection) in run.Screen(rows))
            if (rejection is not null) rejected.Add(rejection);
            else inputs.Add((row.Line, new EntityInput(c[row, "uscc"], c[row, "name"], c[row, "type"], c[row, "industry"],
                c[row, "division"], c[row, "address"], c[row, "status"], c[row, "registering_authority"])));

        var current = await table.LoadManyAsync(session.Connection!, [.. inputs.Select(i => i.Input.Uscc?.Trim() ?? "").Distinct()], ct);
        var outcome = EntityDecider.Import(inputs, current, run.Departments, run.Scope, run.WroteLast);
        if (outcome.Changes.Count > 0)
            session.Events.Append(stream, new EntitiesImported(run.JobId, firstLine, outcome.Changes, run.Command.Caller, run.Command.Now));
        rejected.AddRange(outcome.Rejected);
        var added = outcome.Changes.Count(x => x.New);
        return (new ImportCounts(rows.Count, added, outcome.Changes.Count - added, outcome.Unchanged, rejected.Count),
            [.. rejected.OrderBy(r => r.Line)]);
    }
}

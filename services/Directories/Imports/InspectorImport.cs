using Marten;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Inspectors;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

/// <summary>A department's inspectors, upserted by inspector id into each inspector's own stream.</summary>
public sealed class InspectorImport(EntityQueries entities) : IImportKind
{
    public ImportKind Kind => ImportKind.Inspectors;

    public string KeyColumn => "inspector_id";

    public IReadOnlyList<(string Name, string[] Aliases, bool Required)> Columns { get; } =
    [
        ("inspector_id", ["人员编号", "工号"], true),
        ("name", ["姓名"], true),
        ("department_id", ["所属部门"], false),
        ("unit", ["内设机构", "科室"], false),
        ("certificate_no", ["执法证号"], true),
        ("certificate_valid_from", ["执法证有效期起", "发证日期"], true),
        ("certificate_valid_to", ["执法证有效期止", "有效期至"], true),
        ("region", ["行政区划", "工作区域"], true),
        ("specialties", ["专业领域", "专业标签"], false),
        ("status", ["状态", "在岗状态"], false),
        ("id_number", ["身份证号"], false),
        ("phone", ["联系电话", "手机"], false),
        ("conflicts", ["回避对象"], false),
    ];

    public async Task<(ImportCounts Counts, IReadOnlyList<Rejection> Rejected)> ApplyAsync(
        ImportRun run, int firstLine, string stream, IReadOnlyList<SourceRow> rows, IDocumentSession session, CancellationToken ct)
    {
        var c = run.Columns;
        var department = run.Command.Caller.DepartmentId;
        var screened = run.Screen(rows).ToList();
        var ids = screened.Where(s => s.Rejection is null).Select(s => Inspector.StreamId(department, c[s.Row, "inspector_id"] ?? "")).Distinct().ToList();
        var current = (await session.LoadManyAsync<Inspector>(ct, ids)).ToDictionary(i => i.Id);
        var known = (await entities.ExistingAsync([.. screened.Where(s => s.Rejection is null)
            .SelectMany(s => List(c[s.Row, "conflicts"])).Distinct()], ct)).ToHashSet();

        var rejected = new List<Rejection>();
        var seen = new Dictionary<string, int>();
        int added = 0, changed = 0, unchanged = 0;
        foreach (var (row, rejection) in screened)
        {
            if (rejection is not null) { rejected.Add(rejection); continue; }
            try
            {
                if (c[row, "department_id"] is { } other && other != department)
                    throw new ForbiddenException($"inspector of {other}: each department imports its own inspectors", $"{other} 的检查人员：各部门只导入本部门的检查人员",
                        Reasons.DepartmentOnly.About(other));
                var input = new InspectorInput(c[row, "inspector_id"], c[row, "name"], c[row, "unit"], c[row, "certificate_no"],
                    c[row, "certificate_valid_from"], c[row, "certificate_valid_to"], c[row, "region"], List(c[row, "specialties"]),
                    c[row, "status"], c[row, "id_number"], c[row, "phone"], List(c[row, "conflicts"]));
                var id = Inspector.StreamId(department, input.InspectorId ?? "");
                if (seen.TryGetValue(id, out var first))
                    throw new InvalidFieldException("inspector_id", $"{input.InspectorId} appears twice in this file (first on line {first})",
                        $"{input.InspectorId} 在本文件中重复出现（首次出现在第 {first} 行）", Reasons.FieldDuplicate);
                seen[id] = row.Line;
                var existing = current.GetValueOrDefault(id);
                var events = InspectorDecider.Upsert(existing, department, input, run.Tags, known.Contains, $"import {run.JobId}", run.Command);
                if (events.Count == 0) { unchanged++; continue; }
                if (existing is null) { session.Events.StartStream<Inspector>(id, events); added++; }
                else { session.Events.Append(id, existing.Version + events.Count, events); changed++; }
            }
            catch (DomainException e)
            {
                rejected.Add(new Rejection(row.Line, e.Message, e.Chinese));
            }
        }
        return (new ImportCounts(rows.Count, added, changed, unchanged, rejected.Count), [.. rejected.OrderBy(r => r.Line)]);
    }

    private static string[] List(string? value) =>
        value is null ? [] : value.Split([';', '；', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

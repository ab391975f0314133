using Marten;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

/// <summary>The monthly credit risk classes from the national system (信用风险分类结果).</summary>
public sealed class RiskClassImport(EntityTable table, RiskClasses classes) : IImportKind
{
    public ImportKind Kind => ImportKind.RiskClasses;

    public IReadOnlyList<(string Name, string[] Aliases, bool Required)> Columns { get; } =
    [
        ("uscc", ["统一社会信用代码", "信用代码"], true),
        ("risk_class", ["风险等级", "风险分类", "信用风险分类"], true),
        ("effective_on", ["生效日期", "分类日期"], true),
    ];

    public async Task<(ImportCounts Counts, IReadOnlyList<Rejection> Rejected)> ApplyAsync(
        ImportRun run, int firstLine, string stream, IReadOnlyList<SourceRow> rows, IDocumentSession session, CancellationToken ct)
    {
        var rejected = new List<Rejection>();
        var screened = run.Screen(rows).ToList();
        var current = await run.EntitiesNamedAsync(table, screened, session, ct);
        var changes = new List<RiskChange>();
        var warnings = new List<RiskChange>();
        var seen = new HashSet<string>();
        var unchanged = 0;
        foreach (var (row, rejection) in screened)
        {
            if (rejection is not null) { rejected.Add(rejection); continue; }
            try
            {
                var uscc = EntityInput.CheckUscc(run.Columns[row, "uscc"]);
                var to = run.Columns[row, "risk_class"]?.ToUpperInvariant() ?? "";
                var effectiveOn = Require.Date(run.Columns[row, "effective_on"], "effective_on");
                if (!classes.Contains(to))
                    throw new InvalidFieldException("risk_class", $"'{to}' is not one of {string.Join(", ", classes.Ordered)}",
                        $"“{to}”不是 {string.Join("、", classes.Ordered)} 之一", DirectoriesReasons.RiskClassUnknown.About(classes.Ordered));
                var entity = current.GetValueOrDefault(uscc)
                    ?? throw new NotFoundException($"no entity {uscc} in the directory", $"名录库中没有市场主体 {uscc}", DirectoriesReasons.EntityNotFound.About(uscc));
                if (!run.Scope.Contains(entity.Data.RegisteringAuthority))
                    throw new ForbiddenException($"entity {uscc} is kept by {entity.Data.RegisteringAuthority} and the departments above it",
                        $"市场主体 {uscc} 由其登记机关 {entity.Data.RegisteringAuthority} 及其上级部门维护", DirectoriesReasons.KeeperOnly.About(entity.Data.RegisteringAuthority));
                if (!seen.Add(uscc) || run.WroteLast(entity))
                    throw new InvalidFieldException("uscc", $"{uscc} appears twice in this file", $"{uscc} 在本文件中重复出现", Reasons.FieldDuplicate);
                var from = entity.Risk?.Class;
                if (from == to) { unchanged++; continue; }
                if (entity.Risk is { } risk && effectiveOn < risk.Since)
                    throw new InvalidFieldException("effective_on", $"{effectiveOn:yyyy-MM-dd} is before the current class took effect ({risk.Since:yyyy-MM-dd})",
                        $"{effectiveOn:yyyy-MM-dd} 早于现有风险等级的生效日期（{risk.Since:yyyy-MM-dd}）", Reasons.DateTooEarly.About(risk.Since));
                var change = new RiskChange(uscc, from, to, effectiveOn);
                changes.Add(change);
                if (classes.Warns(from, to)) warnings.Add(change);
            }
            catch (DomainException e)
            {
                rejected.Add(new Rejection(row.Line, e.Message, e.Chinese));
            }
        }
        if (changes.Count > 0)
            session.Events.Append(stream, new RiskClassesImported(run.JobId, firstLine, changes, run.Command.Caller, run.Command.Now));
        if (warnings.Count > 0)
            session.Events.Append(stream, new RiskWarningsRaised(run.JobId, firstLine, warnings, run.Command.Now));
        return (new ImportCounts(rows.Count, 0, changes.Count, unchanged, rejected.Count), [.. rejected.OrderBy(r => r.Line)]);
    }
}

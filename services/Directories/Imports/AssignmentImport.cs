using Marten;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Imports;

/// <summary>
/// Tag assignments (分类标注) and sub-library memberships, one per row: uscc, kind (tag or sub_library), code,
/// action (add or remove, default add). Tags need the entity in the importing department's keeping; a
/// sub-library is kept by the department that owns it.
/// </summary>
public sealed class AssignmentImport(EntityTable table) : IImportKind
{
    public ImportKind Kind => ImportKind.Assignments;

    public IReadOnlyList<(string Name, string[] Aliases, bool Required)> Columns { get; } =
    [
        ("uscc", ["统一社会信用代码", "信用代码"], true),
        ("kind", ["类别"], true),
        ("code", ["标签", "代码", "子库"], true),
        ("action", ["操作"], false),
    ];

    public async Task<(ImportCounts Counts, IReadOnlyList<Rejection> Rejected)> ApplyAsync(
        ImportRun run, int firstLine, string stream, IReadOnlyList<SourceRow> rows, IDocumentSession session, CancellationToken ct)
    {
        var rejected = new List<Rejection>();
        var screened = run.Screen(rows).ToList();
        var current = await run.EntitiesNamedAsync(table, screened, session, ct);
        var tags = new Dictionary<string, (SortedSet<string> Added, SortedSet<string> Removed)>();
        var libraries = new Dictionary<string, (SortedSet<string> Added, SortedSet<string> Removed)>();
        var unchanged = 0;
        var changed = 0;
        foreach (var (row, rejection) in screened)
        {
            if (rejection is not null) { rejected.Add(rejection); continue; }
            try
            {
                var uscc = EntityInput.CheckUscc(run.Columns[row, "uscc"]);
                var entity = current.GetValueOrDefault(uscc)
                    ?? throw new NotFoundException($"no entity {uscc} in the directory", $"名录库中没有市场主体 {uscc}", DirectoriesReasons.EntityNotFound.About(uscc));
                var code = run.Columns[row, "code"] ?? throw new InvalidFieldException("code", "is required", "必填", Reasons.FieldRequired);
                var add = (run.Columns[row, "action"] ?? "add") switch
                {
                    "add" or "添加" => true,
                    "remove" or "移除" => false,
                    var other => throw new InvalidFieldException("action", $"'{other}' is not add or remove", $"“{other}”不是添加（add）或移除（remove）"),
                };
                var (changes, present) = run.Columns[row, "kind"] switch
                {
                    "tag" or "标签" => (tags, CheckTag(run, entity, code, add)),
                    "sub_library" or "子库" => (libraries, CheckLibrary(run, entity, code)),
                    var other => throw new InvalidFieldException("kind", $"'{other}' is not tag or sub_library", $"“{other}”不是标签（tag）或子库（sub_library）"),
                };
                var set = changes.TryGetValue(uscc, out var s) ? s : changes[uscc] = ([], []);
                if (set.Added.Contains(code) || set.Removed.Contains(code))
                    throw new InvalidFieldException("code", $"{code} is assigned to {uscc} twice in this file", $"本文件中 {code} 两次分配给 {uscc}", Reasons.FieldDuplicate);
                if (add == present) { unchanged++; continue; }
                (add ? set.Added : set.Removed).Add(code);
                changed++;
            }
            catch (DomainException e)
            {
                rejected.Add(new Rejection(row.Line, e.Message, e.Chinese));
            }
        }
        Append(tags, rows => new EntityTagsImported(run.JobId, firstLine, rows, run.Command.Caller, run.Command.Now));
        Append(libraries, rows => new SubLibrariesImported(run.JobId, firstLine, rows, run.Command.Caller, run.Command.Now));
        return (new ImportCounts(rows.Count, 0, changed, unchanged, rejected.Count), [.. rejected.OrderBy(r => r.Line)]);

        void Append(Dictionary<string, (SortedSet<string> Added, SortedSet<string> Removed)> changes, Func<IReadOnlyList<SetChange>, object> toEvent)
        {
            var rows = changes.Where(c => c.Value.Added.Count + c.Value.Removed.Count > 0)
                .Select(c => new SetChange(c.Key, [.. c.Value.Added], [.. c.Value.Removed])).ToList();
            if (rows.Count > 0) session.Events.Append(stream, toEvent(rows));
        }
    }

    /// <summary>Whether the entity has the tag now; checks the tag may be given and the entity is the importer's.</summary>
    private static bool CheckTag(ImportRun run, MarketEntity entity, string tag, bool add)
    {
        if (!run.Scope.Contains(entity.Data.RegisteringAuthority))
            throw new ForbiddenException($"entity {entity.Uscc} is kept by {entity.Data.RegisteringAuthority} and the departments above it",
                $"市场主体 {entity.Uscc} 由其登记机关 {entity.Data.RegisteringAuthority} 及其上级部门维护", DirectoriesReasons.KeeperOnly.About(entity.Data.RegisteringAuthority));
        if (add) run.Tags.RequireUsable(tag, TagSubject.Entity, "code");
        return entity.Tags.Contains(tag);
    }

    private static bool CheckLibrary(ImportRun run, MarketEntity entity, string library)
    {
        var owner = EntityDecider.SubLibraryOwner(library, run.Departments, "code");
        if (!run.Command.Caller.ActsFor(owner))
            throw new ForbiddenException($"sub-library {library} is kept by {owner}", $"子库 {library} 由 {owner} 维护", Reasons.DepartmentOnly.About(owner));
        return entity.SubLibraries.Contains(library);
    }
}

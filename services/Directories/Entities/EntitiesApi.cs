using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Tags;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// The entity directory API. A command on one entity takes its lock stripe, like import batches, so neither decides on stale rows;
/// a command its client named (x-request-id) takes effect once, as through <see cref="CommandSessions.Decide{TState}"/>.
/// </summary>
public sealed class EntitiesApi(IDocumentStore store, EntityTable table, EntityQueries queries, RiskClasses riskClasses, TimeProvider clock)
    : Proto.MarketEntities.MarketEntitiesBase
{
    private const int MaxPageSize = 500;
    private const int MaxNames = 2_000;

    public override Task<Proto.MarketEntity> RegisterEntity(Proto.RegisterEntityRequest r, ServerCallContext call) =>
        Change(r.Uscc, null, call, (current, departments, _, ctx) => EntityDecider.Register(current, Input(r.Uscc, r.Fields,
            r.Status == Proto.RegistrationStatus.Unspecified ? null : Names.Of(FromProto(r.Status)!.Value)), departments, ctx));

    public override Task<Proto.MarketEntity> AmendEntity(Proto.AmendEntityRequest r, ServerCallContext call) =>
        Change(r.Uscc, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (current, departments, _, ctx) =>
            EntityDecider.Amend(current, Input(r.Uscc, r.Fields, null), r.Reason, departments, ctx));

    public override Task<Proto.MarketEntity> ChangeEntityStatus(Proto.ChangeEntityStatusRequest r, ServerCallContext call)
    {
        var effectiveOn = Require.Date(r.EffectiveOn, "effective_on");
        return Change(r.Uscc, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (current, departments, _, ctx) =>
            EntityDecider.ChangeStatus(current, r.Uscc, FromProto(r.Status), r.Reason, effectiveOn, departments, ctx));
    }

    public override Task<Proto.MarketEntity> TagEntity(Proto.TagEntityRequest r, ServerCallContext call) =>
        Change(r.Uscc, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (current, departments, tags, ctx) =>
            EntityDecider.Tag(current, r.Uscc, Require.Text(r.Tag, "tag"), true, tags, departments, ctx));

    public override Task<Proto.MarketEntity> UntagEntity(Proto.TagEntityRequest r, ServerCallContext call) =>
        Change(r.Uscc, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (current, departments, tags, ctx) =>
            EntityDecider.Tag(current, r.Uscc, Require.Text(r.Tag, "tag"), false, tags, departments, ctx));

    public override Task<Proto.MarketEntity> JoinSubLibrary(Proto.SubLibraryRequest r, ServerCallContext call) =>
        Change(r.Uscc, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (current, departments, _, ctx) =>
            EntityDecider.SubLibrary(current, r.Uscc, Require.Text(r.Library, "library"), true, null, departments, ctx));

    public override Task<Proto.MarketEntity> LeaveSubLibrary(Proto.SubLibraryRequest r, ServerCallContext call) =>
        Change(r.Uscc, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (current, departments, _, ctx) =>
            EntityDecider.SubLibrary(current, r.Uscc, Require.Text(r.Library, "library"), false, r.Reason, departments, ctx));

    public override Task<Proto.MarketEntity> ChangeRiskClass(Proto.ChangeRiskClassRequest r, ServerCallContext call)
    {
        var effectiveOn = Require.Date(r.EffectiveOn, "effective_on");
        return Change(r.Uscc, r.HasExpectedVersion ? r.ExpectedVersion : null, call, (current, departments, _, ctx) =>
            EntityDecider.ChangeRiskClass(current, r.Uscc, r.RiskClass?.Trim().ToUpperInvariant() ?? "", effectiveOn, riskClasses, departments, ctx));
    }

    public override async Task<Proto.MarketEntity> GetEntity(Proto.GetEntityRequest r, ServerCallContext call) =>
        ToProto(await queries.GetAsync(EntityInput.CheckUscc(r.Uscc), call.CancellationToken)
            ?? throw new NotFoundException($"no entity {r.Uscc} in the directory", $"名录库中没有市场主体 {r.Uscc}", DirectoriesReasons.EntityNotFound.About(r.Uscc)));

    public override async Task<Proto.SearchEntitiesResponse> SearchEntities(Proto.SearchEntitiesRequest r, ServerCallContext call)
    {
        if (r.Name is { Length: 1 }) throw new InvalidFieldException("name", "give at least two characters of the name", "请至少输入名称中的两个字");
        var size = r.PageSize <= 0 ? 50 : Math.Min(r.PageSize, MaxPageSize);
        var page = await queries.SearchAsync(new EntitySearch(r.Name, r.Division, r.Industry, r.Tag, r.SubLibrary, r.RiskClass?.ToUpperInvariant(),
            FromProto(r.Status), r.RegisteringAuthority, size + 1, r.PageToken), call.CancellationToken);
        return new Proto.SearchEntitiesResponse
        {
            Entities = { page.Take(size).Select(ToProto) },
            NextPageToken = page.Count > size ? page[size - 1].Uscc : "",
        };
    }

    public override async Task<Proto.EntityHistory> GetEntityHistory(Proto.GetEntityRequest r, ServerCallContext call)
    {
        var entity = await queries.GetAsync(EntityInput.CheckUscc(r.Uscc), call.CancellationToken)
            ?? throw new NotFoundException($"no entity {r.Uscc} in the directory", $"名录库中没有市场主体 {r.Uscc}", DirectoriesReasons.EntityNotFound.About(r.Uscc));
        var changes = await queries.HistoryAsync(entity, call.CancellationToken);
        return new Proto.EntityHistory
        {
            Uscc = entity.Uscc,
            Changes =
            {
                changes.Select(c => (Change: c, Imported: c.EventType == "entities_imported"
                    ? JsonSerializer.Deserialize<ImportedEntity>(c.Details) : null)).Select(x => new Proto.EntityChange
                {
                    Sequence = x.Change.Sequence,
                    Change = x.Imported is null ? ChangeName(x.Change.EventType) : x.Imported.New ? "registered" : "amended",
                    Details = x.Imported is null ? x.Change.Details : JsonSerializer.Serialize(new
                    {
                        uscc = x.Imported.Uscc, name = x.Imported.Data.Name, type = Names.Of(x.Imported.Data.Type), industry = x.Imported.Data.Industry,
                        division = x.Imported.Data.Division, address = x.Imported.Data.Address, status = Names.Of(x.Imported.Status),
                        registeringAuthority = x.Imported.Data.RegisteringAuthority,
                    }, EntityTable.Json),
                    At = Timestamp.FromDateTimeOffset(x.Change.At),
                    ByUser = x.Change.User ?? "", ByDepartment = x.Change.Department ?? "",
                    ImportJobId = x.Change.StreamKey.StartsWith("import:", StringComparison.Ordinal) ? x.Change.StreamKey["import:".Length..].Split('/')[0] : "",
                }),
            },
        };
    }

    public override async Task<Proto.GetEntityNamesResponse> GetEntityNames(Proto.GetEntityNamesRequest r, ServerCallContext call)
    {
        if (r.Usccs.Count > MaxNames)
            throw new InvalidFieldException("usccs", $"at most {MaxNames} codes at once", $"一次最多查询 {MaxNames} 个代码");
        var usccs = r.Usccs.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return new Proto.GetEntityNamesResponse { Names = { await queries.NamesAsync(usccs, call.CancellationToken) } };
    }

    private async Task<Proto.MarketEntity> Change(string uscc, long? expectedVersion, ServerCallContext call,
        Func<MarketEntity?, DepartmentTree, TagCatalog, CommandContext, IReadOnlyList<object>> decide)
    {
        var id = EntityInput.CheckUscc(uscc);
        var ctx = call.Command(clock);
        var ct = call.CancellationToken;
        await using (var session = store.OpenSession(ctx))
        {
            var departments = await DepartmentTrees.LoadAsync(session, ct);
            var tags = await TagCatalogs.LoadAsync(session, ct);
            var current = await EntityCommands.LockAndLoadAsync(session, table, id, ct);
            // Under the entity's lock, so a repeat racing its first sending waits for it and finds it done.
            var repeated = await session.RepeatedAsync(EntityCommands.StreamId(id), () => decide(current, departments, tags, ctx), ct);
            if (!repeated && expectedVersion is { } expected && current?.Version != expected)
                throw new RuleViolationException("expected_version: the record changed since you read it; reload and retry",
                    "expected_version：记录在你读取之后已被修改，请重新读取后再试", Reasons.StaleVersion.About(EntityCommands.StreamId(id)));
            var events = repeated ? [] : decide(current, departments, tags, ctx);
            if (events.Count > 0)
            {
                session.Events.Append(EntityCommands.StreamId(id), events);
                session.RecordNamed(EntityCommands.StreamId(id));
                await session.SaveChangesAsync(ct);
            }
        }
        return ToProto((await queries.GetAsync(id, ct))!);
    }

    private static EntityInput Input(string uscc, Proto.EntityFields? f, string? status) =>
        f is null ? throw new InvalidFieldException("fields", "is required", "必填", Reasons.FieldRequired)
        : new EntityInput(uscc, f.Name, f.Type == Proto.EntityType.Unspecified ? null : Names.Of(FromProto(f.Type)),
            f.Industry, f.Division, f.Address, status, f.RegisteringAuthority);

    private static EntityType FromProto(Proto.EntityType type) => type switch
    {
        Proto.EntityType.Enterprise => EntityType.Enterprise,
        Proto.EntityType.IndividualBusiness => EntityType.IndividualBusiness,
        Proto.EntityType.FarmersCooperative => EntityType.FarmersCooperative,
        _ => EntityType.Other,
    };

    private static RegistrationStatus? FromProto(Proto.RegistrationStatus status) => status switch
    {
        Proto.RegistrationStatus.Active => RegistrationStatus.Active,
        Proto.RegistrationStatus.Deregistered => RegistrationStatus.Deregistered,
        Proto.RegistrationStatus.Revoked => RegistrationStatus.Revoked,
        Proto.RegistrationStatus.MovedOut => RegistrationStatus.MovedOut,
        _ => null,
    };

    private static string ChangeName(string eventType) => eventType switch
    {
        "entity_registered" => "registered",
        "entity_amended" => "amended",
        "entity_status_changed" => "status-changed",
        "entity_tagged" => "tagged",
        "entity_untagged" => "untagged",
        "entity_tags_imported" => "tags-changed",
        "sub_library_joined" => "sub-library-joined",
        "sub_library_left" => "sub-library-left",
        "sub_libraries_imported" => "sub-libraries-changed",
        "risk_class_changed" or "risk_classes_imported" => "risk-class-changed",
        "risk_warning_raised" or "risk_warnings_raised" => "risk-warning",
        "credit_recorded" => "credit-recorded",
        _ => eventType,
    };

    public static Proto.MarketEntity ToProto(MarketEntity e) => new()
    {
        Uscc = e.Uscc,
        Name = e.Data.Name,
        Type = e.Data.Type switch
        {
            EntityType.Enterprise => Proto.EntityType.Enterprise,
            EntityType.IndividualBusiness => Proto.EntityType.IndividualBusiness,
            EntityType.FarmersCooperative => Proto.EntityType.FarmersCooperative,
            _ => Proto.EntityType.Other,
        },
        Industry = e.Data.Industry,
        Division = e.Data.Division,
        Address = e.Data.Address,
        Status = e.Status switch
        {
            RegistrationStatus.Active => Proto.RegistrationStatus.Active,
            RegistrationStatus.Deregistered => Proto.RegistrationStatus.Deregistered,
            RegistrationStatus.Revoked => Proto.RegistrationStatus.Revoked,
            _ => Proto.RegistrationStatus.MovedOut,
        },
        RegisteringAuthority = e.Data.RegisteringAuthority,
        Tags = { e.Tags },
        SubLibraries = { e.SubLibraries },
        RiskClass = e.Risk?.Class ?? "",
        RiskSince = e.Risk?.Since.ToString("yyyy-MM-dd") ?? "",
        RiskHistory = { e.RiskHistory.Select(p => new Proto.RiskClassPeriod { RiskClass = p.Class, Since = p.Since.ToString("yyyy-MM-dd") }) },
        Version = e.Version,
        UpdatedAt = Timestamp.FromDateTimeOffset(e.UpdatedAt),
    };
}

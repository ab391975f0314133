using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Audit.V1;

namespace Shuangsuiji.AuditTrail;

/// <summary>
/// The audit trail of this service's store (docs/domain.md, public and private): the city's office reads everything, a county's office
/// the events its county's departments appended (by the region their tokens carried) and its own; department staff
/// read the streams their department appended to and search the events it appended. In a stream several departments
/// wrote, a department sees the others' events as their kind, time and department only; every reader sees the data
/// through the service's <see cref="AuditMask"/> (personal data masked, sealed secrets left out). Every read is recorded
/// as an <see cref="AuditTrailRead"/> of the reader's department before the answer leaves, so no one reads the trail without a trace.
/// </summary>
public sealed partial class AuditTrailApi(IDocumentStore store, NpgsqlDataSource db, AuditLog log, AuditMask mask, TimeProvider clock) : Proto.AuditTrail.AuditTrailBase
{
    private const int MaxPageSize = 1000;
    private const int DefaultSearchPageSize = 100;
    /// <summary>Larger events (an import's batch of 5,000 rows) are listed without their data.</summary>
    private const int MaxDataLength = 256 * 1024;

    public override async Task<Proto.History> GetHistory(Proto.GetHistoryRequest r, ServerCallContext call)
    {
        var command = call.Command(clock);
        ThisService(r.Service);
        var streamId = Require.Text(r.StreamId, "stream_id", 500);
        var size = PageSize(r.PageSize, MaxPageSize);
        var after = After(r.PageToken);
        await MayReadStream(command.Caller, streamId, call.CancellationToken);

        var events = await ReadAsync(command.Caller, "e.stream_id = @stream and e.version > @after order by e.version", size, call.CancellationToken,
            new NpgsqlParameter<string>("stream", streamId), new NpgsqlParameter<long>("after", after));
        await RecordAsync(command, new AuditTrailRead(log.Service, AuditTrailRead.History, streamId, null, null, null, null, null,
            NullIfEmpty(r.PageToken), Math.Min(events.Count, size), command.Caller, command.Now), call.CancellationToken);
        return new Proto.History
        {
            Service = log.Service, StreamId = streamId, Events = { events.Take(size) },
            NextPageToken = events.Count > size ? events[size - 1].Version.ToString() : "",
        };
    }

    public override async Task<Proto.SearchEventsResponse> SearchEvents(Proto.SearchEventsRequest r, ServerCallContext call)
    {
        var command = call.Command(clock);
        ThisService(r.Service);
        var actor = Require.OptionalText(r.Actor, "actor");
        var kind = Require.OptionalText(r.Kind, "kind", 100);
        var (from, to) = (r.From?.ToDateTimeOffset(), r.To?.ToDateTimeOffset());
        if (from >= to) throw new InvalidFieldException("to", $"{to:O} is not after from ({from:O})", $"{to:O} 不晚于起始时间（{from:O}）", Reasons.DateTooEarly.About(from));
        var size = PageSize(r.PageSize, DefaultSearchPageSize);
        var after = After(r.PageToken);
        var department = SearchedDepartment(command.Caller, Require.OptionalText(r.Department, "department"));

        var filters = new List<string> { "e.seq_id > @after" };
        var parameters = new List<NpgsqlParameter> { new NpgsqlParameter<long>("after", after) };
        void Filter(string condition, NpgsqlParameter parameter)
        {
            filters.Add(condition);
            parameters.Add(parameter);
        }
        if (actor is not null) Filter("e.user_name = @actor", new NpgsqlParameter<string>("actor", actor));
        if (department is not null) Filter($"e.headers ->> '{EventHeaders.Department}' = @department", new NpgsqlParameter<string>("department", department));
        if (CountyOf(command.Caller) is { } county)
        {
            filters.Add($"(@county <> '' and e.headers ->> '{EventHeaders.Region}' like @county || '%' or e.headers ->> '{EventHeaders.Department}' = @office)");
            parameters.Add(new NpgsqlParameter<string>("county", county));
            parameters.Add(new NpgsqlParameter<string>("office", command.Caller.DepartmentId));
        }
        if (from is { } f) Filter("e.timestamp >= @from", new NpgsqlParameter<DateTimeOffset>("from", f));
        if (to is { } t) Filter("e.timestamp < @to", new NpgsqlParameter<DateTimeOffset>("to", t));
        if (kind is not null) Filter("e.type = @kind", new NpgsqlParameter<string>("kind", kind));
        var events = await ReadAsync(command.Caller, $"{string.Join(" and ", filters)} order by e.seq_id", size, call.CancellationToken, [.. parameters]);

        await RecordAsync(command, new AuditTrailRead(log.Service, AuditTrailRead.Search, null, actor, department, from, to, kind,
            NullIfEmpty(r.PageToken), Math.Min(events.Count, size), command.Caller, command.Now), call.CancellationToken);
        return new Proto.SearchEventsResponse
        {
            Events = { events.Take(size) },
            NextPageToken = events.Count > size ? events[size - 1].Sequence.ToString() : "",
        };
    }

    private void ThisService(string service)
    {
        if (Require.Text(service, "service") != log.Service)
            throw new InvalidFieldException("service", $"'{service}' is not this service ({log.Service}); the gateway forwards a call to the service it names",
                $"“{service}”不是本服务（{log.Service}）；网关会把调用转发给其所指明的服务", AuditTrailReasons.WrongService.About(log.Service));
    }

    private static int PageSize(int requested, int byDefault) => requested switch
    {
        0 => byDefault,
        > 0 and <= MaxPageSize => requested,
        _ => throw new InvalidFieldException("page_size", $"{requested} is not between 1 and {MaxPageSize}", $"{requested} 不在 1 到 {MaxPageSize} 之间", Reasons.FieldOutOfRange),
    };

    private static long After(string token) =>
        string.IsNullOrEmpty(token) ? 0
        : long.TryParse(token, out var after) && after >= 0 ? after
        : throw new InvalidFieldException("page_token", "is not a token this API returned", "不是本接口返回的分页标记");

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static void MayReadTrail(Caller caller)
    {
        if (!caller.IsSupervisor() && caller.Role is not (Roles.Staff or Roles.Reviewer))
            throw new ForbiddenException(
                $"the audit trail is read by the supervising office and by department staff for their own records; role {caller.Role} may not read it",
                $"审计记录由领导小组办公室查阅，部门工作人员只能查阅本部门的记录；角色 {caller.Role} 无权查阅", Reasons.RoleNotAllowed.About(caller.Role));
    }

    private async Task MayReadStream(Caller caller, string streamId, CancellationToken ct)
    {
        MayReadTrail(caller);
        if (caller.IsSupervisor() && CountyOf(caller) is null)
        {
            await using var any = db.CreateCommand($"select exists (select 1 from {log.Events} where stream_id = $1)");
            any.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
            if (await any.ExecuteScalarAsync(ct) is not true)
                throw new NotFoundException($"no stream {streamId} in the {log.Service} service", $"{log.Service} 服务中没有记录 {streamId}", AuditTrailReasons.StreamNotFound.About(streamId));
            return;
        }
        await using var own = db.CreateCommand($"""
            select exists (select 1 from {log.Events} where stream_id = $1
                and (headers ->> '{EventHeaders.Department}' = $2 or $3 <> '' and headers ->> '{EventHeaders.Region}' like $3 || '%'))
            """);
        own.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        own.Parameters.Add(new NpgsqlParameter<string> { TypedValue = caller.DepartmentId });
        own.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CountyOf(caller) ?? "" });
        if (await own.ExecuteScalarAsync(ct) is not true)
            throw caller.IsSupervisor()
                ? new ForbiddenException(
                    $"no department of {caller.DepartmentId}'s region {caller.Region} has appended to {streamId}: a county's office reads its county's records",
                    $"{caller.DepartmentId} 所在地区 {caller.Region} 的部门未在 {streamId} 中写入过记录：县区双随机办只能查阅本县区的记录",
                    Reasons.RecordNotVisible.About(streamId))
                : new ForbiddenException(
                $"{caller.DepartmentId} has appended nothing to {streamId}: a department reads the history of its own records only (the supervising office reads all)",
                $"{caller.DepartmentId} 未在 {streamId} 中写入过记录：部门只能查阅本部门记录的历史（领导小组办公室可查阅全部）", Reasons.RecordNotVisible.About(streamId));
    }

    /// <summary>
    /// The division prefix a county office's reads are limited to (with its own department's events); null for whoever else
    /// (the city's office reads all, department staff are limited by department). An office whose token names no region
    /// reads its own department's events only: "" matches no region.
    /// </summary>
    private static string? CountyOf(Caller caller) =>
        !caller.IsSupervisor() || Regions.CityOrWider(caller.Region) ? null : caller.Region.Length == 0 ? "" : Regions.Prefix(caller.Region);

    /// <summary>Whether the reader sees an event's data: its own department's, and an office's its region's.</summary>
    private static bool Sees(Caller reader, string department, string region) =>
        reader.ActsFor(department)
        || reader.IsSupervisor() && (CountyOf(reader) is not { } county || county.Length > 0 && region.StartsWith(county, StringComparison.Ordinal));

    /// <summary>The department a search is limited to: any or none for the office, always the caller's own for department staff.</summary>
    private static string? SearchedDepartment(Caller caller, string? asked)
    {
        MayReadTrail(caller);
        if (caller.IsSupervisor()) return asked;
        if (asked is not null && asked != caller.DepartmentId)
            throw new ForbiddenException($"department: {caller.DepartmentId} searches only the events it appended, not those of {asked}",
                $"department：{caller.DepartmentId} 只能检索本部门写入的事件，不能检索 {asked} 的事件", Reasons.DepartmentOnly.About(asked));
        return caller.DepartmentId;
    }

    /// <summary>
    /// Up to <paramref name="size"/> + 1 events matching <paramref name="where"/> (the extra one says whether another page
    /// follows), as <paramref name="reader"/> may see them.
    /// </summary>
    private async Task<List<Proto.AuditEvent>> ReadAsync(Caller reader, string where, int size, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = db.CreateCommand($"""
            select e.stream_id, e.version, e.seq_id, e.type, e.timestamp, e.user_name, e.headers ->> '{EventHeaders.Department}',
                   e.headers ->> '{EventHeaders.Role}', e.data ->> 'reason', e.correlation_id, e.causation_id, octet_length(d.json),
                   case when octet_length(d.json) <= {MaxDataLength} then d.json end, e.headers ->> '{EventHeaders.Region}'
            from {log.Events} e cross join lateral (select e.data::text as json) d
            where {where} limit {size + 1}
            """);
        command.Parameters.AddRange(parameters);
        var events = new List<Proto.AuditEvent>();
        await using var rows = await command.ExecuteReaderAsync(ct);
        string Text(int column) => rows.IsDBNull(column) ? "" : rows.GetString(column);
        while (await rows.ReadAsync(ct))
            events.Add(SeenBy(reader, Text(13), new Proto.AuditEvent
            {
                StreamId = rows.GetString(0), Version = rows.GetInt64(1), Sequence = rows.GetInt64(2), Kind = rows.GetString(3),
                At = Timestamp.FromDateTimeOffset(rows.GetFieldValue<DateTimeOffset>(4)), Actor = Text(5), Department = Text(6), Role = Text(7),
                Reason = Text(8), CorrelationId = Text(9), CausationId = Text(10), DataLength = rows.GetInt32(11), Data = Text(12),
            }));
        return events;
    }

    /// <summary>
    /// Another department's event (or the platform's own, which no department appended) as its kind, time and department
    /// only, for department staff and for a county's office outside its county; any other event with its data through the
    /// service's mask. The data's size is then that of the data shown.
    /// </summary>
    private Proto.AuditEvent SeenBy(Caller reader, string region, Proto.AuditEvent e)
    {
        if (!Sees(reader, e.Department, region))
            return new Proto.AuditEvent { StreamId = e.StreamId, Version = e.Version, Sequence = e.Sequence, Kind = e.Kind, At = e.At, Department = e.Department };
        if (e.Data.Length > 0 && mask.Masks(e.Kind))
        {
            e.Data = mask.Apply(e.Kind, e.StreamId, e.Data, reader);
            e.DataLength = Encoding.UTF8.GetByteCount(e.Data);
        }
        return e;
    }

    /// <summary>Appends the read to the reader's department's stream; reads of one department at the same moment take turns.</summary>
    private async Task RecordAsync(CommandContext command, AuditTrailRead read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.OpenSession(command);
            session.Events.Append(AuditTrailRead.StreamOf(command.Caller.DepartmentId), read);
            try
            {
                await session.SaveChangesAsync(ct);
                return;
            }
            // Another read of the department appended first (to the stream, or started it).
            catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException && attempt < 10)
            {
                await Task.Delay(Random.Shared.Next(attempt * 10), ct);
            }
        }
    }
}

public static class AuditTrailEndpoints
{
    /// <summary>Serves the audit trail of the service's own store; every call needs a token.</summary>
    public static WebApplication MapAuditTrail(this WebApplication app)
    {
        app.MapGrpcService<AuditTrailApi>().RequireAuthorization();
        return app;
    }
}

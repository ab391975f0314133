using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Matching;
using Shuangsuiji.ServiceDefaults.Auth;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Proto = Shuangsuiji.Api.Draws.V1;

namespace Shuangsuiji.Draws.Drawing;

public sealed class DrawsApi(IDocumentStore store, CandidateTable table, LiveCandidates candidates, ExecutedDraws executed, TimeProvider clock) : Proto.Draws.DrawsBase
{
    public override async Task<Proto.Draw> PrepareDraw(Proto.PrepareDrawRequest r, ServerCallContext call)
    {
        var ctx = CommandContext.From(call, clock);
        await using var session = store.OpenSession(ctx);
        var (command, placement, events) = await PlaceAsync(session, r, ctx, call.CancellationToken);
        session.Events.StartStream<Draw>(Draw.StreamId(command.DrawId), events);
        await session.SaveChangesAsync(call.CancellationToken);
        candidates.Keep(command.DrawId, placement);
        return ToProto(Aggregate.Fold<Draw>(null, events)!, []);
    }

    /// <summary>What a draw with these parameters would hold now — candidates and exclusions — without fixing anything.</summary>
    public override async Task<Proto.Draw> PreviewDraw(Proto.PrepareDrawRequest r, ServerCallContext call)
    {
        var ctx = CommandContext.From(call, clock);
        await using var session = store.OpenSession(ctx);
        var (_, _, events) = await PlaceAsync(session, r, ctx, call.CancellationToken); // never saved

        var preview = ToProto(Aggregate.Fold<Draw>(null, events)!, []);
        preview.DrawId = "";
        preview.Status = Proto.DrawStatus.Unspecified;
        foreach (var department in r.DepartmentIds.Select(d => d.Trim()))
            preview.KnownInspectors[department] = await session.Query<DrawInspector>().CountAsync(i => i.DepartmentId == department, call.CancellationToken);
        return preview;
    }

    private async Task<(PrepareDraw Command, Placement Placement, IReadOnlyList<object> Events)> PlaceAsync(
        IDocumentSession session, Proto.PrepareDrawRequest r, CommandContext ctx, CancellationToken ct)
    {
        var departments = (await session.Query<DrawDepartment>().ToListAsync(ct)).ToDictionary(d => d.Id);
        var command = DrawDecider.Check(new PrepareDraw(
            $"{ctx.Now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}", r.TaskId, [.. r.DepartmentIds.Select(d => d.Trim())],
            string.IsNullOrWhiteSpace(r.OfficeId) ? null : r.OfficeId.Trim(), [.. r.ItemIds],
            new CandidateScope([.. r.Scope?.Divisions ?? []], [.. r.Scope?.Industries ?? []], [.. r.Scope?.EntityTypes ?? []],
                [.. r.Scope?.Tags ?? []], [.. r.Scope?.SubLibraries ?? []]),
            [.. r.Strata.Select(s => new StratumSpec(s.Label, [.. s.RiskClasses.Select(c => c.Trim().ToUpperInvariant())],
                s.SizeCase == Proto.Stratum.SizeOneofCase.Percent ? (decimal)s.Percent : null,
                s.SizeCase == Proto.Stratum.SizeOneofCase.Count ? s.Count : null))],
            r.RecentInspectionMonths == 0 ? DrawDecider.DefaultRecentInspectionMonths : r.RecentInspectionMonths,
            string.IsNullOrWhiteSpace(r.RedrawOf) ? null : r.RedrawOf.Trim(), r.Reason,
            [.. r.MergedTaskIds.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct()],
            [.. r.SampledTaskIds.Select(t => t.Trim())]), departments.GetValueOrDefault);
        var replaced = command.RedrawOf is { } earlier ? await FindAsync(earlier, ct) : null;
        var (placement, asOf) = await candidates.PlaceAsync(command.Scope, command.Items,
            DrawDecider.InspectedSince(ctx.Now, command.RecentInspectionMonths), [command.TaskId, .. command.MergedTasks ?? []], command.Strata,
            command.SampledTasks, ct);
        return (command, placement, DrawDecider.Prepare(command, placement, asOf, replaced, ctx));
    }

    public override Task<Proto.Draw> CommitSecret(Proto.CommitSecretRequest r, ServerCallContext call) =>
        Change(r.DrawId, call, (d, ctx) => DrawDecider.Commit(d, r.Party.Trim(), r.Sha256, r.Generate, ctx));

    public override Task<Proto.Draw> RevealSecret(Proto.RevealSecretRequest r, ServerCallContext call) =>
        Change(r.DrawId, call, (d, ctx) => DrawDecider.Reveal(d, r.Party.Trim(), r.Secret, ctx));

    public override async Task<Proto.Draw> ExecuteDraw(Proto.ExecuteDrawRequest r, ServerCallContext call)
    {
        var ctx = CommandContext.From(call, clock);
        var ct = call.CancellationToken;
        var draw = await LoadAsync(r.DrawId, ct);
        var placement = draw.Executed is null ? await candidates.OfAsync(draw, ct) : null;
        await using var session = store.OpenSession(ctx);
        return ToProto(executed.Keep(await session.Decide<Draw>(Draw.StreamId(r.DrawId), draw.Version,
            d => DrawDecider.Execute(d, r.PublicValue, l => placement!.Lists[l], ctx), ct)), [], withCodes: false);
    }

    public override async Task<Proto.MatchSummary> MatchInspectors(Proto.MatchInspectorsRequest r, ServerCallContext call)
    {
        var ctx = CommandContext.From(call, clock);
        var ct = call.CancellationToken;
        var rules = new MatchRules(ServiceDefaults.Validation.Require.Date(r.CheckFrom, "check_from"), ServiceDefaults.Validation.Require.Date(r.CheckTo, "check_to"),
            [.. r.RequiredSpecialties.Select(t => t.Trim()).Where(t => t.Length > 0)], r.TeamSize, r.WorkloadCap);
        var draw = await LoadAsync(r.DrawId, ct);
        var department = r.DepartmentId.Trim();
        await using var session = store.OpenSession(ctx);
        var inspectors = await session.Query<DrawInspector>().Where(i => i.DepartmentId == department).ToListAsync(ct);
        var last = await candidates.LastInspectorsAsync(draw, ct);
        var matched = await session.Decide<DepartmentMatch>(DepartmentMatch.StreamId(draw.DrawId, department), null,
            m => DrawDecider.MatchInspectors(draw, m, department, rules, [.. inspectors], u => last.GetValueOrDefault(u) ?? [], ctx), ct);
        var failures = matched.Matches.Where(m => m.Failure is not null)
            .Select(m => new Proto.Team { Uscc = m.Uscc, DepartmentId = department, Eligible = m.PoolSize, Failure = m.Failure }).ToList();
        return new Proto.MatchSummary { DrawId = draw.DrawId, DepartmentId = department, Teams = matched.Matches.Count - failures.Count, Failures = { failures } };
    }

    public override async Task<Proto.Draw> ReplaceInspector(Proto.ReplaceInspectorRequest r, ServerCallContext call)
    {
        var ctx = CommandContext.From(call, clock);
        var ct = call.CancellationToken;
        var draw = await LoadAsync(r.DrawId, ct);
        var (department, uscc) = (r.DepartmentId.Trim(), r.Uscc.Trim());
        await using var session = store.OpenSession(ctx);
        var inspectors = await session.Query<DrawInspector>().Where(i => i.DepartmentId == department).ToListAsync(ct);
        var last = await table.LastInspectorsAsync(session.Connection!, [uscc], ct);
        var entered = await session.LoadAsync<EnteredResult>(EnteredResult.Key(draw.TaskId, department, uscc), ct) is not null;
        var matched = await session.Decide<DepartmentMatch>(DepartmentMatch.StreamId(draw.DrawId, department), null,
            m => DrawDecider.ReplaceInspector(draw, m, department, uscc, r.InspectorId.Trim(), r.Reason, entered, [.. inspectors],
                last.GetValueOrDefault(uscc) ?? [], ctx), ct);
        return ToProto(draw, [matched]);
    }

    public override async Task<Proto.Draw> GetDraw(Proto.GetDrawRequest r, ServerCallContext call)
    {
        var draw = await LoadAsync(r.DrawId, call.CancellationToken);
        return VisibleTo(call.Caller(), draw) ? ToProto(draw, await MatchesAsync(draw, call.CancellationToken)) : throw new ForbiddenException($"draw {draw.DrawId} is its parties' until it executes");
    }

    public override async Task<Proto.ListDrawsResponse> ListDraws(Proto.ListDrawsRequest r, ServerCallContext call)
    {
        var task = ServiceDefaults.Validation.Require.Code(r.TaskId, "task_id");
        List<DrawSummary> summaries;
        await using (var query = store.QuerySession())
            summaries = [.. (await query.Query<DrawSummary>().Where(d => d.TaskId == task).ToListAsync(call.CancellationToken)).OrderBy(d => d.PreparedAt)];
        var caller = call.Caller();
        var response = new Proto.ListDrawsResponse();
        foreach (var summary in summaries)
            if (await LoadAsync(summary.DrawId, call.CancellationToken) is var draw && VisibleTo(caller, draw)) response.Draws.Add(ToProto(draw, []));
        return response;
    }

    /// <summary>A draw is its parties' (and the supervising office's) while prepared; once executed, anyone's.</summary>
    private static bool VisibleTo(ServiceDefaults.Auth.Caller caller, Draw draw) =>
        draw.Executed is not null || caller.IsSupervisor() || draw.Parties.Any(p => caller.ActsFor(p.Id));

    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public override async Task<Proto.DrawRecordDocument> GetDrawRecord(Proto.GetDrawRequest r, ServerCallContext call)
    {
        var draw = await LoadAsync(r.DrawId, call.CancellationToken);
        return new() { DrawId = r.DrawId, Json = DrawDecider.Record(draw, await MatchesAsync(draw, call.CancellationToken)).ToJson() };
    }

    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public override async Task StreamCandidates(Proto.StreamCandidatesRequest r, IServerStreamWriter<Proto.CandidateChunk> stream, ServerCallContext call)
    {
        var draw = await LoadAsync(r.DrawId, call.CancellationToken);
        if (draw.Executed is null) throw new RuleViolationException($"draw {draw.DrawId} has not been executed: its candidates are not public yet");
        if (draw.Strata.All(s => s.Label != r.Label)) throw new InvalidFieldException("label", $"draw {draw.DrawId} has no stratum {r.Label}");
        var list = (await candidates.OfAsync(draw, call.CancellationToken)).Lists[r.Label];
        foreach (var chunk in list.Chunk(10_000)) await stream.WriteAsync(new Proto.CandidateChunk { Usccs = { chunk } }, call.CancellationToken);
    }

    private async Task<Draw> LoadAsync(string drawId, CancellationToken ct) =>
        await FindAsync(drawId, ct) ?? throw new NotFoundException($"no draw {drawId}");

    private async Task<Draw?> FindAsync(string drawId, CancellationToken ct)
    {
        if (executed.Find(Require(drawId)) is { } kept) return kept;
        await using var query = store.QuerySession();
        return await query.Events.AggregateStreamAsync<Draw>(Draw.StreamId(drawId), token: ct) is { } draw ? executed.Keep(draw) : null;
    }

    private async Task<IReadOnlyList<DepartmentMatch>> MatchesAsync(Draw draw, CancellationToken ct)
    {
        if (draw.Executed is null) return [];
        await using var query = store.QuerySession();
        var matched = new List<DepartmentMatch>();
        foreach (var department in draw.Departments)
            if (await query.Events.AggregateStreamAsync<DepartmentMatch>(DepartmentMatch.StreamId(draw.DrawId, department), token: ct) is { } m)
                matched.Add(m);
        return matched;
    }

    private async Task<Proto.Draw> Change(string drawId, ServerCallContext call, Func<Draw?, CommandContext, IReadOnlyList<object>> decide)
    {
        var ctx = CommandContext.From(call, clock);
        await using var session = store.OpenSession(ctx);
        return ToProto(await session.Decide<Draw>(Draw.StreamId(Require(drawId)), null, d => decide(d, ctx), call.CancellationToken), []);
    }

    private static string Require(string drawId) => ServiceDefaults.Validation.Require.Code(drawId, "draw_id");

    /// <summary>A draw as its parties see it, with the teams of the departments' matchings given (and the drawn codes unless left out).</summary>
    private static Proto.Draw ToProto(Draw d, IReadOnlyList<DepartmentMatch> matched, bool withCodes = true) => new()
    {
        DrawId = d.DrawId,
        TaskId = d.TaskId,
        Status = d.Executed is null ? Proto.DrawStatus.Prepared : Proto.DrawStatus.Executed,
        Parties = { d.Parties.Select(p => p.Id) },
        Commitments = { d.Parties.Select(p => new Proto.PartyState { Party = p.Id, Sha256 = p.Sha256 ?? "", Generated = p.Generated, Revealed = p.Revealed || d.Executed is not null && p.Generated }) },
        Strata =
        {
            d.Strata.Select(s =>
            {
                IReadOnlyList<string> selected = d.Executed?.Strata.First(x => x.Label == s.Label).Selected ?? [];
                return new Proto.StratumState
                {
                    Label = s.Label, CandidateCount = s.CandidateCount, CandidatesSha256 = s.CandidatesSha256, Asked = s.Asked,
                    Selected = { withCodes ? selected : [] },
                    Drawn = selected.Count,
                };
            }),
        },
        Exclusions = { d.Exclusions.ToDictionary() },
        RedrawOf = d.RedrawOf ?? "",
        Reason = d.Reason ?? "",
        PreparedAt = Timestamp.FromDateTimeOffset(d.PreparedAt),
        ExecutedAt = d.Executed is { } e ? Timestamp.FromDateTimeOffset(e.At) : null,
        Teams = { matched.SelectMany(TeamsOf) },
        SampledTaskIds = { d.SampledTasks ?? [] },
    };

    private static IEnumerable<Proto.Team> TeamsOf(DepartmentMatch matched)
    {
        var teams = matched.Teams();
        return matched.Matches.Select(m => new Proto.Team
        {
            Uscc = m.Uscc, DepartmentId = matched.DepartmentId, InspectorIds = { teams[m.Uscc] }, Eligible = m.PoolSize, Failure = m.Failure ?? "",
        });
    }
}

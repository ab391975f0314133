using Google.Api;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using Shuangsuiji.Draws.Candidates;
using Shuangsuiji.Draws.Matching;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Draws.V1;

namespace Shuangsuiji.Draws.Drawing;

public sealed class DrawsApi(IDocumentStore store, Commands commands, CandidateTable table, LiveCandidates candidates, ExecutedDraws executed, SecretSeal seal,
    ITasksService tasks, TimeProvider clock) : Proto.Draws.DrawsBase
{
    /// <summary>
    /// Prepares a task's draw as the task allows it, asked of the tasks service with the caller's token whoever calls
    /// (the tasks service's own calls come with its client's token: until it has credentials of its own, they look like any
    /// client's). It starts the draw's stream on the command path (<see cref="Commands.Start{TState}"/>): named with
    /// x-request-id, a call sent again by its caller answers the draw it made, once the caller may still prepare it. One
    /// preparation of a task at a time: the task's draws stream (<see cref="TaskDrawOpened"/>) is appended at the version
    /// read, so a second one racing it fails.
    /// </summary>
    public override async Task<Proto.Draw> PrepareDraw(Proto.PrepareDrawRequest r, ServerCallContext call)
    {
        (string DrawId, Placement Placement)? placed = null;
        var draw = await commands.Start<Draw>(call, DrawDecider.AuthorizePrepare, async (session, ctx, ct) =>
        {
            var terms = await tasks.TermsAsync(r, call);
            var command = CommandOf(r, ctx) with { Departments = terms.Departments, Items = terms.Items, Scope = terms.Scope };
            DrawDecider.AuthorizePrepare(command, ctx);
            var departments = (await session.Query<DrawDepartment>().ToListAsync(ct)).ToDictionary(d => d.Id);
            command = DrawDecider.Check(command, departments.GetValueOrDefault, ctx.Now);
            var office = command.IsReturnVisit ? null : DrawDepartment.SupervisingOffice(departments[command.Departments[0]], departments.Values)?.Id;
            var taskDraws = await session.Query<DrawSummary>().Where(d => d.TaskId == command.TaskId).ToListAsync(ct);
            var opened = await session.Events.FetchStreamStateAsync(TaskDrawOpened.StreamId(command.TaskId), ct);
            var replaced = command.RedrawOf is { } earlier ? await FindAsync(earlier, ct) : null;

            var (placement, asOf) = await PlaceAsync(command, ctx, ct);
            var events = DrawDecider.Prepare(command, placement, asOf, replaced, office, terms.Quotas, [.. taskDraws], p => seal.Keep(command.DrawId, p), ctx);
            session.Events.Append(TaskDrawOpened.StreamId(command.TaskId), (opened?.Version ?? 0) + 1, new TaskDrawOpened(command.TaskId, command.DrawId, ctx.Caller, ctx.Now));
            placed = (command.DrawId, placement);
            return (Draw.StreamId(command.DrawId), events);
        });
        // The lists stay in memory for the draw prepared here, not for one a repeat of the same request answers.
        if (placed is { } kept && kept.DrawId == draw.DrawId) candidates.Keep(kept.DrawId, kept.Placement);
        return ToProto(draw, [], clock.GetUtcNow());
    }

    /// <summary>What a draw with these parameters would hold now — candidates and exclusions — without fixing anything.</summary>
    public override async Task<Proto.Draw> PreviewDraw(Proto.PrepareDrawRequest r, ServerCallContext call)
    {
        var ctx = call.Command(clock);
        await using var session = store.OpenSession(ctx);
        var command = CommandOf(r, ctx);
        DrawDecider.AuthorizePrepare(command, ctx);
        var departments = (await session.Query<DrawDepartment>().ToListAsync(call.CancellationToken)).ToDictionary(d => d.Id);
        command = DrawDecider.Check(command, departments.GetValueOrDefault);
        var (placement, _) = await PlaceAsync(command, ctx, call.CancellationToken);

        var preview = new Proto.Draw
        {
            TaskId = command.TaskId, Parties = { command.Departments }, Exclusions = { placement.Exclusions.ToDictionary() },
            SampledTaskIds = { command.SampledTasks ?? [] },
            Strata =
            {
                command.Strata.Select(s => new Proto.StratumState
                {
                    Label = s.Label, CandidateCount = placement.Lists[s.Label].Count, CandidatesSha256 = placement.Lists[s.Label].Sha256,
                    Asked = new Sampling.StratumSize(s.Percent, s.Count).For(placement.Lists[s.Label].Count),
                }),
            },
        };
        foreach (var department in command.Departments)
            preview.KnownInspectors[department] = await session.Query<DrawInspector>().CountAsync(i => i.DepartmentId == department, call.CancellationToken);
        return preview;
    }

    private static PrepareDraw CommandOf(Proto.PrepareDrawRequest r, CommandContext ctx) => new(
        $"{ctx.Now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}", r.TaskId, [.. r.DepartmentIds.Select(d => d.Trim())],
        string.IsNullOrWhiteSpace(r.OfficeId) ? null : r.OfficeId.Trim(), [.. r.ItemIds.Select(i => i.Trim())],
        new CandidateScope([.. r.Scope?.Divisions ?? []], [.. r.Scope?.Industries ?? []], [.. r.Scope?.EntityTypes ?? []],
            [.. r.Scope?.Tags ?? []], [.. r.Scope?.SubLibraries ?? []]),
        [.. r.Strata.Select(s => new StratumSpec(s.Label, [.. s.RiskClasses.Select(c => c.Trim().ToUpperInvariant())],
            s.SizeCase == Proto.Stratum.SizeOneofCase.Percent ? (decimal)s.Percent : null,
            s.SizeCase == Proto.Stratum.SizeOneofCase.Count ? s.Count : null))],
        r.RecentInspectionMonths == 0 ? DrawDecider.DefaultRecentInspectionMonths : r.RecentInspectionMonths,
        string.IsNullOrWhiteSpace(r.RedrawOf) ? null : r.RedrawOf.Trim(), r.Reason,
        [.. r.MergedTaskIds.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct()],
        [.. r.SampledTaskIds.Select(t => t.Trim())],
        r.PublicRandomness is { } p ? new PublicRandomness(p.Source, p.Round) : null,
        r.CommitDeadline?.ToDateTimeOffset());

    private Task<(Placement Placement, long Seq)> PlaceAsync(PrepareDraw command, CommandContext ctx, CancellationToken ct) =>
        candidates.PlaceAsync(command.Scope, command.Items, DrawDecider.InspectedSince(ctx.Now, command.RecentInspectionMonths),
            [command.TaskId, .. command.MergedTasks ?? []], command.Strata, command.SampledTasks, ct);

    public override Task<Proto.Draw> CommitSecret(Proto.CommitSecretRequest r, ServerCallContext call) =>
        Change(r.DrawId, call, (d, ctx) => DrawDecider.Commit(d, r.Party.Trim(), r.Sha256, r.Generate, p => seal.Keep(d!.DrawId, p), ctx));

    public override Task<Proto.Draw> RevealSecret(Proto.RevealSecretRequest r, ServerCallContext call) =>
        Change(r.DrawId, call, (d, ctx) => DrawDecider.Reveal(d, r.Party.Trim(), r.Secret, ctx));

    public override Task<Proto.Draw> RecordPublicValue(Proto.RecordPublicValueRequest r, ServerCallContext call) =>
        Change(r.DrawId, call, (d, ctx) => DrawDecider.RecordPublicValue(d, r.Value, ctx));

    public override Task<Proto.Draw> CancelDraw(Proto.CancelDrawRequest r, ServerCallContext call) =>
        Change(r.DrawId, call, (d, ctx) => DrawDecider.Cancel(d, r.Reason, ctx));

    /// <summary>
    /// Checks that the draw may execute before its candidate lists are read again (the heavy part), then executes it; the
    /// drawn entities are in their task from the same transaction (<see cref="Candidates.OpenTaskEntities"/>). A draw
    /// already executed goes straight to the command path, which answers a repeat of the named command that executed it.
    /// </summary>
    public override async Task<Proto.Draw> ExecuteDraw(Proto.ExecuteDrawRequest r, ServerCallContext call)
    {
        var ctx = call.Command(clock);
        var ct = call.CancellationToken;
        var draw = await LoadAsync(r.DrawId, ct);
        Placement? placement = null;
        if (draw.Executed is null)
        {
            await Refused(ctx, ct, () => DrawDecider.Executable(draw, r.PublicValue, ctx));
            DrawDecider.StillReplaces(draw, await MatchedAsync(draw.RedrawOf, draw.Departments, ct));
            placement = await candidates.OfAsync(draw, ct);
        }
        var decided = await Refused(ctx, ct, () => commands.Run<Draw>(call, Draw.StreamId(r.DrawId), draw.Version,
            (d, now) => DrawDecider.Execute(d, r.PublicValue, p => seal.Open(draw.DrawId, p.Id, p.Sealed!), l => placement!.Lists[l], now)));
        return ToProto(executed.Keep(decided), [], ctx.Now, withCodes: false);
    }

    /// <summary>The departments that have matched inspectors to a draw (none when there is no draw).</summary>
    private async Task<IReadOnlyCollection<string>> MatchedAsync(string? drawId, IReadOnlyList<string> departments, CancellationToken ct)
    {
        if (drawId is null) return [];
        await using var query = store.QuerySession();
        var matched = new List<string>();
        foreach (var department in departments)
            if (await query.Events.FetchStreamStateAsync(DepartmentMatch.StreamId(drawId, department), ct) is not null) matched.Add(department);
        return matched;
    }

    public override async Task<Proto.MatchSummary> MatchInspectors(Proto.MatchInspectorsRequest r, ServerCallContext call)
    {
        var rules = new MatchRules(Shuangsuiji.Kernel.Require.Date(r.CheckFrom, "check_from"), Shuangsuiji.Kernel.Require.Date(r.CheckTo, "check_to"),
            [.. r.RequiredSpecialties.Select(t => t.Trim()).Where(t => t.Length > 0)], r.TeamSize, r.WorkloadCap);
        var draw = await LoadAsync(r.DrawId, call.CancellationToken);
        var department = r.DepartmentId.Trim();
        var matched = await commands.Run<DepartmentMatch, (IReadOnlyList<DrawInspector> Inspectors, IReadOnlyDictionary<string, string[]> Last)>(
            call, DepartmentMatch.StreamId(draw.DrawId, department), null,
            async (session, _, ct) => (await session.Query<DrawInspector>().Where(i => i.DepartmentId == department).ToListAsync(ct),
                await candidates.LastInspectorsAsync(draw, ct)),
            (m, read, ctx) => DrawDecider.MatchInspectors(draw, m, department, rules, read.Inspectors, u => read.Last.GetValueOrDefault(u) ?? [], ctx));
        var failures = matched.Matches.Where(m => m.Failure is not null)
            .Select(m => new Proto.Team { Uscc = m.Uscc, DepartmentId = department, Eligible = m.PoolSize, Failure = m.Failure }).ToList();
        return new Proto.MatchSummary { DrawId = draw.DrawId, DepartmentId = department, Teams = matched.Matches.Count - failures.Count, Failures = { failures } };
    }

    public override async Task<Proto.Draw> ReplaceInspector(Proto.ReplaceInspectorRequest r, ServerCallContext call)
    {
        var draw = await LoadAsync(r.DrawId, call.CancellationToken);
        var (department, uscc) = (r.DepartmentId.Trim(), r.Uscc.Trim());
        var matched = await commands.Run<DepartmentMatch, (IReadOnlyList<DrawInspector> Inspectors, IReadOnlyCollection<string> Last, bool Entered)>(
            call, DepartmentMatch.StreamId(draw.DrawId, department), null,
            async (session, _, ct) => (await session.Query<DrawInspector>().Where(i => i.DepartmentId == department).ToListAsync(ct),
                (await table.LastInspectorsAsync(session.Connection!, [uscc], ct)).GetValueOrDefault(uscc) ?? [],
                await tasks.ResultEnteredAsync(draw.TaskId, department, uscc, call)),
            (m, read, ctx) => DrawDecider.ReplaceInspector(draw, m, department, uscc, r.InspectorId.Trim(), r.Reason, read.Entered, read.Inspectors, read.Last, ctx));
        return ToProto(draw, [matched], clock.GetUtcNow());
    }

    public override async Task<Proto.Draw> GetDraw(Proto.GetDrawRequest r, ServerCallContext call)
    {
        var draw = await LoadAsync(r.DrawId, call.CancellationToken);
        return VisibleTo(call.Caller(), draw)
            ? ToProto(draw, await MatchesAsync(draw, call.CancellationToken), clock.GetUtcNow())
            : throw new ForbiddenException($"draw {draw.DrawId} is its parties' until it executes", $"抽取 {draw.DrawId} 执行前仅对其参与方可见",
                DrawsReasons.PartiesOnly.About(draw.DrawId));
    }

    public override async Task<Proto.ListDrawsResponse> ListDraws(Proto.ListDrawsRequest r, ServerCallContext call)
    {
        var task = Shuangsuiji.Kernel.Require.Code(r.TaskId, "task_id");
        List<DrawSummary> summaries;
        await using (var query = store.QuerySession())
            summaries = [.. (await query.Query<DrawSummary>().Where(d => d.TaskId == task).ToListAsync(call.CancellationToken)).OrderBy(d => d.PreparedAt)];
        var caller = call.Caller();
        var response = new Proto.ListDrawsResponse();
        foreach (var summary in summaries)
            if (await LoadAsync(summary.DrawId, call.CancellationToken) is var draw && VisibleTo(caller, draw)) response.Draws.Add(ToProto(draw, [], clock.GetUtcNow()));
        return response;
    }

    /// <summary>
    /// A party's open draws, found among the summaries of draws neither executed nor cancelled (a few at any time: one per
    /// task being drawn, and the lapsed ones), each read whole only if it is still open.
    /// </summary>
    public override async Task<Proto.ListDrawsResponse> ListOpenDraws(Proto.ListOpenDrawsRequest r, ServerCallContext call)
    {
        var party = Shuangsuiji.Kernel.Require.Code(r.DepartmentId, "department_id");
        var caller = call.Caller();
        if (!caller.ActsFor(party) && !(caller.IsSupervisor() && Shuangsuiji.Kernel.Regions.CityOrWider(caller.Region)))
            throw new ForbiddenException($"the open draws of {party} are for that party and the city office; {caller.DepartmentId} may not read them",
                $"{party} 待执行的抽取仅对该参与方和市领导小组办公室可见；{caller.DepartmentId} 无权查看", Shuangsuiji.Kernel.Reasons.RecordNotVisible.About(party));
        var now = clock.GetUtcNow();
        List<DrawSummary> open;
        await using (var query = store.QuerySession())
            open = [.. (await query.Query<DrawSummary>().Where(d => d.ExecutedAt == null && d.CancelledAt == null).ToListAsync(call.CancellationToken))
                .Where(d => d.OpenAt(now)).OrderBy(d => d.PreparedAt)];
        var response = new Proto.ListDrawsResponse();
        foreach (var summary in open)
            if (await LoadAsync(summary.DrawId, call.CancellationToken) is var draw && draw.Parties.Any(p => p.Id == party))
                response.Draws.Add(ToProto(draw, [], now));
        return response;
    }

    /// <summary>
    /// A draw is its parties' while prepared (its supervising office is one) and the city office's, which oversees every
    /// county's; once executed, anyone's.
    /// </summary>
    private static bool VisibleTo(Shuangsuiji.Kernel.Caller caller, Draw draw) =>
        draw.Executed is not null || caller.IsSupervisor() && Shuangsuiji.Kernel.Regions.CityOrWider(caller.Region)
        || draw.Parties.Any(p => caller.ActsFor(p.Id));

    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public override async Task<Proto.DrawRecordDocument> GetDrawRecord(Proto.GetDrawRequest r, ServerCallContext call) =>
        new() { DrawId = r.DrawId, Json = await RecordJsonAsync(r.DrawId, call.CancellationToken) };

    /// <summary>The record as the document itself, so that a download is the file the verifier reads.</summary>
    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public override async Task<HttpBody> GetDrawRecordJson(Proto.GetDrawRequest r, ServerCallContext call) => new()
    {
        ContentType = "application/json; charset=utf-8",
        Data = ByteString.CopyFromUtf8(await RecordJsonAsync(r.DrawId, call.CancellationToken)),
    };

    private async Task<string> RecordJsonAsync(string drawId, CancellationToken ct)
    {
        var draw = await LoadAsync(drawId, ct);
        return DrawDecider.Record(draw, await MatchesAsync(draw, ct)).ToJson();
    }

    /// <summary>The list as the document itself, so that a download is the LABEL.txt whose SHA-256 the record gives.</summary>
    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public override async Task<HttpBody> GetCandidatesText(Proto.CandidatesRequest r, ServerCallContext call) => new()
    {
        ContentType = "text/plain; charset=utf-8",
        Data = UnsafeByteOperations.UnsafeWrap((await PublicListAsync(r, call.CancellationToken)).Text()),
    };

    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    public override async Task StreamCandidates(Proto.CandidatesRequest r, IServerStreamWriter<Proto.CandidateChunk> stream, ServerCallContext call)
    {
        foreach (var chunk in (await PublicListAsync(r, call.CancellationToken)).Chunk(10_000))
            await stream.WriteAsync(new Proto.CandidateChunk { Usccs = { chunk } }, call.CancellationToken);
    }

    private async Task<CandidateList> PublicListAsync(Proto.CandidatesRequest r, CancellationToken ct)
    {
        var draw = await LoadAsync(r.DrawId, ct);
        if (draw.Executed is null)
            throw new RuleViolationException($"draw {draw.DrawId} has not been executed: its candidates are not public yet", $"抽取 {draw.DrawId} 尚未执行，其候选名单尚未公开",
                DrawsReasons.NotExecuted.About(draw.DrawId));
        if (draw.Strata.All(s => s.Label != r.Label))
            throw new InvalidFieldException("label", $"draw {draw.DrawId} has no stratum {r.Label}", $"抽取 {draw.DrawId} 没有分层 {r.Label}",
                DrawsReasons.StratumNotFound.About(draw.DrawId));
        return (await candidates.OfAsync(draw, ct)).Lists[r.Label];
    }

    private async Task<Draw> LoadAsync(string drawId, CancellationToken ct) =>
        await FindAsync(drawId, ct) ?? throw new NotFoundException($"no draw {drawId}", $"没有抽取 {drawId}", DrawsReasons.DrawNotFound.About(drawId));

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
        var ctx = call.Command(clock);
        return ToProto(await Refused(ctx, call.CancellationToken, () => commands.Run(call, Draw.StreamId(Require(drawId)), null, decide)), [], ctx.Now);
    }

    /// <summary>Runs a decision; an attempt it refused is kept on the draw (in a session of its own) before the caller gets the error.</summary>
    private async Task<T> Refused<T>(CommandContext ctx, CancellationToken ct, Func<Task<T>> decision)
    {
        try
        {
            return await decision();
        }
        catch (DrawRefusal refusal)
        {
            await using var session = store.OpenSession(ctx);
            session.Events.Append(Draw.StreamId(refusal.Attempt.DrawId), refusal.Attempt);
            await session.SaveChangesAsync(ct);
            throw refusal.Error;
        }
    }

    private Task Refused(CommandContext ctx, CancellationToken ct, Action check) => Refused(ctx, ct, () =>
    {
        check();
        return Task.FromResult(true);
    });

    private static string Require(string drawId) => Shuangsuiji.Kernel.Require.Code(drawId, "draw_id");

    /// <summary>A draw as its parties see it, with the teams of the departments' matchings given (and the drawn codes unless left out).</summary>
    private static Proto.Draw ToProto(Draw d, IReadOnlyList<DepartmentMatch> matched, DateTimeOffset now, bool withCodes = true) => new()
    {
        DrawId = d.DrawId,
        TaskId = d.TaskId,
        Status = d switch
        {
            { Executed: not null } => Proto.DrawStatus.Executed,
            { Cancelled: not null } => Proto.DrawStatus.Cancelled,
            _ when d.LapsedAt(now) => Proto.DrawStatus.Lapsed,
            _ => Proto.DrawStatus.Prepared,
        },
        Parties = { d.Parties.Select(p => p.Id) },
        Commitments =
        {
            d.Parties.Select(p => new Proto.PartyState
            {
                Party = p.Id, Sha256 = p.Sha256 ?? "", Generated = p.Generated, Revealed = p.Revealed || d.Executed is not null && p.Generated,
                CommittedAt = p.CommittedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            }),
        },
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
        PublicRandomness = d.Randomness is { } r ? new Proto.PublicRandomness { Source = r.Source, Round = r.Round } : null,
        CommitDeadline = d.CommitDeadline is { } deadline ? Timestamp.FromDateTimeOffset(deadline) : null,
        PublicValue = d.PublicValue?.Value ?? "",
        PublicValueRecordedAt = d.PublicValue is { } v ? Timestamp.FromDateTimeOffset(v.At) : null,
        OfficeId = d.Supervisor ?? "",
        RefusedAttempts =
        {
            d.Refused.Select(a => new Proto.RefusedAttempt
            {
                Attempt = a.Attempt, DepartmentId = a.By.DepartmentId, At = Timestamp.FromDateTimeOffset(a.At), Reason = a.Reason, Value = a.Value ?? "",
            }),
        },
        CancelReason = d.Cancelled?.Reason ?? "",
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

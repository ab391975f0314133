using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Npgsql;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Draws.Candidates;

using Shuangsuiji.Draws.Records;
using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Draws over the draw engine's copy of the directory, kept from the bus: prepare, commit, reveal, execute,
/// and a public record anyone can replay with the candidate lists from the gateway.
/// </summary>
public sealed class DrawFlowTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private readonly DrawCeremony ceremony = new(platform, new Scenario(platform));
    private Api.Draws.V1.Draws.DrawsClient Draws => new(platform.GatewayChannel);
    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);

    /// <summary>A county's market bureau and environment bureau, and its entities with their classes, known to the draw engine.</summary>
    private async Task<(string Amr, string Eeb, string[] Active)> County(string region, int perClass)
    {
        var amr = (await scenario.Department($"{region}-AMR", DepartmentLevel.County, region)).DepartmentId;
        var eeb = (await scenario.Department($"{region}-EEB", DepartmentLevel.County, region)).DepartmentId;
        var codes = Enumerable.Range(0, 3 * perClass + 5).Select(_ => EntityFiles.NewCode()).Distinct().ToArray();
        // The last five: two deregistered, three without a class.
        var rows = codes.Select((c, i) => EntityFiles.Row(c, amr, NameOf(c), region).Replace(",active,", i >= 3 * perClass && i < 3 * perClass + 2 ? ",deregistered," : ",active,"));
        await platform.Upload(amr, "entities", EntityFiles.Csv([.. rows]));
        var classes = codes.Take(3 * perClass).Select((c, i) => $"{c},{"ABD"[i / perClass]},2022-01-01");
        await platform.Upload(amr, "risk_classes", string.Join("\n", classes.Prepend("uscc,risk_class,effective_on")) + "\n");

        // The draw engine's copy, straight from its tables: every entity with its class, and both departments.
        var table = platform.Draws.Services.GetRequiredService<CandidateTable>();
        var db = platform.Draws.Services.GetRequiredService<NpgsqlDataSource>();
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        async Task<(long, long, int)> Copy()
        {
            await using var count = db.CreateCommand($"select count(*), count(risk_class) from {table.Name} where division = '{region}'");
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            await using var query = store.QuerySession();
            var departments = (await query.LoadManyAsync<DrawDepartment>(amr, eeb)).Count;
            return (reader.GetInt64(0), reader.GetInt64(1), departments);
        }
        await Eventually.Get(Copy, c => c == (codes.Length, 3 * perClass, 2), "the entities, their classes and the departments at the draw engine");
        await ceremony.CityOffice();
        return (amr, eeb, codes.Take(3 * perClass).ToArray());
    }

    private static string NameOf(string uscc) => $"秦皇岛{uscc[^6..]}贸易有限公司";

    /// <summary>The names disclosure holds of the given entities (from the draws that drew them).</summary>
    private async Task<Dictionary<string, string>> DisclosedNames(IReadOnlyList<string> usccs)
    {
        var tables = platform.Disclosure.Services.GetRequiredService<Shuangsuiji.Disclosure.Results.PublicTables>();
        await using var command = platform.Disclosure.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand($"select uscc, name from {tables.EntityNames} where uscc = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = usccs.ToArray() });
        var names = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names[reader.GetString(0)] = reader.GetString(1);
        return names;
    }

    private static readonly Stratum[] ByClass =
    [
        new() { Label = "A", RiskClasses = { "A" }, Percent = 0 },
        new() { Label = "B", RiskClasses = { "B" }, Percent = 10 },
        new() { Label = "D", RiskClasses = { "D" }, Count = 5 },
    ];

    /// <summary>A draw of the task by risk class (A none, B 10 %, D five), with the declared randomness and deadline.</summary>
    private PrepareDrawRequest Request(string task) => ceremony.Request(task, ByClass);

    /// <summary>
    /// An executed draw's public record and its strata's candidate lists saved from the gateway without a token, as
    /// curl -o saves them: each list is text/plain, and the SHA-256 of its bytes is the stratum's candidatesSha256.
    /// </summary>
    private async Task<(string Json, DrawRecord Record, Dictionary<string, string> Candidates)> Download(string drawId)
    {
        using var anonymous = platform.Http();
        using var response = await anonymous.GetAsync($"/v1/public/draws/{drawId}/record");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        var record = DrawRecord.FromJson(json);
        var candidates = new Dictionary<string, string>();
        foreach (var stratum in record.Strata)
        {
            using var list = await anonymous.GetAsync($"/v1/public/draws/{drawId}/strata/{stratum.Label}/candidates");
            Assert.Equal(("text/plain", "utf-8"), (list.Content.Headers.ContentType?.MediaType, list.Content.Headers.ContentType?.CharSet));
            var text = await list.Content.ReadAsByteArrayAsync();
            Assert.Equal(stratum.CandidatesSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(text)));
            candidates[stratum.Label] = System.Text.Encoding.UTF8.GetString(text);
        }
        return (json, record, candidates);
    }

    /// <summary>The exit code of the draw engine's verifier (verify record.json --candidates DIR) on the files saved in a directory.</summary>
    private static async Task<int> Verified(string json, IReadOnlyDictionary<string, string> candidates)
    {
        var dir = Directory.CreateTempSubdirectory("ssyg-draw-record-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "record.json"), json);
            foreach (var (label, text) in candidates) await File.WriteAllTextAsync(Path.Combine(dir, $"{label}.txt"), text);
            return await VerifyCommand.RunAsync(["verify", Path.Combine(dir, "record.json"), "--candidates", dir]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static async Task<StatusCode> Fails(Func<Task> call) => (await Assert.ThrowsAsync<RpcException>(call)).StatusCode;

    private CandidateTable Table => platform.Draws.Services.GetRequiredService<CandidateTable>();

    /// <summary>A count in the draw engine's own tables: what its consumers have applied (other tests' messages aside).</summary>
    private async Task<long> Count(string sql)
    {
        await using var command = platform.Draws.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_joint_draw_commits_reveals_executes_once_and_anyone_can_replay_its_record()
    {
        var (amr, eeb, active) = await County("130302", 20);
        var task = await ceremony.ReadyTask(amr, [eeb]);
        var preview = await Draws.PreviewDrawAsync(new PrepareDrawRequest(Request(task)) { DepartmentIds = { amr, eeb }, ItemIds = { DrawCeremony.Item(amr) } },
            As(Scenario.StaffOf(amr)));
        Assert.Equal("", preview.DrawId);
        Assert.Equal([20, 20, 20], preview.Strata.Select(s => s.CandidateCount));
        // The departments and items come from the task; the region's office is a party of every draw, its secret kept
        // sealed by the engine and committed at once.
        var prepared = await ceremony.Prepare(Request(task), As(Scenario.StaffOf(amr)));
        Assert.Equal([amr, eeb, DrawCeremony.OfficeId], prepared.Parties);
        Assert.Equal(DrawCeremony.OfficeId, prepared.OfficeId);
        var kept = prepared.Commitments.Single(c => c.Party == DrawCeremony.OfficeId);
        Assert.True(kept.Generated);
        Assert.Equal(prepared.PreparedAt, kept.CommittedAt);
        Assert.Equal((DrawCeremony.Lottery.Source, DrawCeremony.Lottery.Round), (prepared.PublicRandomness.Source, prepared.PublicRandomness.Round));
        Assert.Equal([20, 20, 20], prepared.Strata.Select(s => s.CandidateCount));
        Assert.Equal([0, 2, 5], prepared.Strata.Select(s => s.Asked)); // 10 % of 20 is 2
        Assert.Equal((2, 3, 0), (prepared.Exclusions["not_active"], prepared.Exclusions["risk_class_not_drawn"], prepared.Exclusions["inspected_recently"]));
        var id = prepared.DrawId;

        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Tasks.PrepareDrawAsync(Request(task), As(Scenario.StaffOf(eeb))).ResponseAsync));
        const string secret = "haigang-amr-secret-for-task-1";
        await Draws.CommitSecretAsync(new CommitSecretRequest { DrawId = id, Party = amr, Sha256 = DrawSeed.Commitment(secret) }, As(Scenario.StaffOf(amr)));
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Draws.CommitSecretAsync(
            new CommitSecretRequest { DrawId = id, Party = eeb, Generate = true }, As(Scenario.StaffOf(amr))).ResponseAsync));
        await Draws.CommitSecretAsync(new CommitSecretRequest { DrawId = id, Party = eeb, Generate = true }, As(Scenario.StaffOf(eeb)));

        var wrong = await Assert.ThrowsAsync<RpcException>(() => Draws.RevealSecretAsync(
            new RevealSecretRequest { DrawId = id, Party = amr, Secret = "not-the-committed-secret" }, As(Scenario.StaffOf(amr))).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, $"secret: does not match the commitment of {amr}"), (wrong.StatusCode, wrong.Status.Detail));
        Assert.Equal(StatusCode.FailedPrecondition, await Fails(() => Draws.GetDrawRecordAsync(new GetDrawRequest { DrawId = id }).ResponseAsync));
        await Draws.RevealSecretAsync(new RevealSecretRequest { DrawId = id, Party = amr, Secret = secret }, As(Scenario.StaffOf(amr)));
        Assert.Equal(StatusCode.FailedPrecondition, await Fails(() => Draws.RevealSecretAsync(
            new RevealSecretRequest { DrawId = id, Party = amr, Secret = secret }, As(Scenario.StaffOf(amr))).ResponseAsync));

        await ceremony.PassDeadline(prepared);
        await Draws.RecordPublicValueAsync(new RecordPublicValueRequest { DrawId = id, Value = "5 2 8" }, As(Scenario.Office));
        var execute = new Api.Tasks.V1.ExecuteTaskDrawRequest { TaskId = task, DrawId = id };
        var executed = await Tasks.ExecuteDrawAsync(execute, As(Scenario.StaffOf(eeb)));
        // The answer counts what was drawn; the codes come with the draw (a large draw has hundreds of thousands).
        Assert.Equal([0, 2, 5], executed.Strata.Select(s => s.Drawn));
        Assert.All(executed.Strata, s => Assert.Empty(s.Selected));
        Assert.All(executed.Commitments, c => Assert.True(c.Revealed));
        var drawn = await Draws.GetDrawAsync(new GetDrawRequest { DrawId = id }, As(Scenario.StaffOf(amr)));
        Assert.Equal([0, 2, 5], drawn.Strata.Select(s => s.Selected.Count));
        Assert.Equal([0, 2, 5], drawn.Strata.Select(s => s.Drawn));
        // The drawn entities' names go with the draw to disclosure, for the public records of their results; the
        // names of the entities not drawn do not.
        var codes = drawn.Strata.SelectMany(s => s.Selected).ToArray();
        var disclosed = await Eventually.Get(() => DisclosedNames(active), names => names.Count >= codes.Length, "the drawn entities' names at disclosure");
        Assert.Equal(codes.Order().Select(c => (c, NameOf(c))), disclosed.OrderBy(n => n.Key).Select(n => (n.Key, n.Value)));
        Assert.Equal(StatusCode.FailedPrecondition, await Fails(() => Tasks.ExecuteDrawAsync(execute, As(Scenario.StaffOf(amr))).ResponseAsync));

        // The public record and the candidate lists are documents, without a token: saved as they come (curl -o), they are
        // the files the verifier and the Python of docs/draw-verification.md read; gRPC clients stream the same lists.
        var (json, record, candidates) = await Download(id);
        Assert.Contains(record.Commitments, c => c.Party == eeb && c.Generated);
        Assert.Equal("5 2 8", record.PublicValue);
        Assert.Equal(("福彩3D", "第2026330期"), (record.PublicRandomness!.Source, record.PublicRandomness.Round));
        Assert.Equal(record.Seed, DrawRecord.FromJson((await Draws.GetDrawRecordAsync(new GetDrawRequest { DrawId = id })).Json).Seed);
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var stratum in record.Strata)
        {
            using var stream = Draws.StreamCandidates(new CandidatesRequest { DrawId = id, Label = stratum.Label });
            lists[stratum.Label] = [.. await stream.ResponseStream.ReadAllAsync().SelectMany(c => c.Usccs.ToAsyncEnumerable()).ToListAsync()];
            Assert.Equal(string.Join("\n", lists[stratum.Label]), candidates[stratum.Label]);
        }
        Assert.Empty(Verifier.Verify(record, l => lists[l]));
        Assert.NotEmpty(Verifier.Verify(record with { PublicValue = "another value" }, l => lists[l]));
        Assert.Equal(0, await Verified(json, candidates));
        Assert.Equal(1, await Verified(json, new Dictionary<string, string>(candidates) { ["D"] = string.Join("\n", lists["D"].Skip(1)) }));
        Assert.Equal("the draw replays", await DocumentedPython.Replay(json, candidates));
        Assert.NotEqual("the draw replays", await DocumentedPython.Replay(json.Replace("\"publicValue\": \"5 2 8\"", "\"publicValue\": \"5 2 9\""), candidates));
        var missing = await Assert.ThrowsAsync<RpcException>(() => Draws.GetCandidatesTextAsync(new CandidatesRequest { DrawId = id, Label = "X" }).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "label"), (missing.StatusCode, missing.Status.Detail.Split(':')[0]));

        // The task records the draw; a re-draw needs a reason, and both draws stay.
        await Eventually.Get(() => Tasks.GetTaskAsync(new Api.Tasks.V1.GetTaskRequest { TaskId = task }, As(Scenario.StaffOf(amr))).ResponseAsync,
            t => t.DrawId == id, "the draw on the task");
        Assert.Equal(StatusCode.FailedPrecondition, await Fails(() => Tasks.PrepareDrawAsync(Request(task), As(Scenario.StaffOf(amr))).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(() => Tasks.PrepareDrawAsync(
            new PrepareDrawRequest(Request(task)) { RedrawOf = id }, As(Scenario.StaffOf(amr))).ResponseAsync));
        var again = await ceremony.Prepare(new PrepareDrawRequest(Request(task)) { RedrawOf = id, Reason = "抽中对象已注销，经领导小组同意重新抽取" },
            As(Scenario.StaffOf(amr)));
        Assert.Equal((id, DrawStatus.Prepared), (again.RedrawOf, again.Status));
        Assert.Equal(DrawStatus.Executed, (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = id }, As(Scenario.StaffOf(amr)))).Status);
        var listed = await Draws.ListDrawsAsync(new ListDrawsRequest { TaskId = task }, As(Scenario.StaffOf(amr)));
        Assert.Equal([id, again.DrawId], listed.Draws.Select(d => d.DrawId));
        var outsider = await Draws.ListDrawsAsync(new ListDrawsRequest { TaskId = task }, As(Scenario.StaffOf("130399-OTHER")));
        Assert.Equal([id], outsider.Draws.Select(d => d.DrawId)); // the executed one is public; the prepared re-draw is not yet

        // A draw stored before summaries were kept (its summary gone) is listed again once a host has started.
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Delete<Shuangsuiji.Draws.Drawing.DrawSummary>(Shuangsuiji.Draws.Drawing.Draw.StreamId(id));
            await session.SaveChangesAsync();
        }
        Assert.Equal([again.DrawId], (await Draws.ListDrawsAsync(new ListDrawsRequest { TaskId = task }, As(Scenario.StaffOf(amr)))).Draws.Select(d => d.DrawId));
        await ActivatorUtilities.CreateInstance<Shuangsuiji.Draws.Drawing.DrawSummaryBackfill>(platform.Draws.Services).StartAsync(CancellationToken.None);
        Assert.Equal([id, again.DrawId], (await Draws.ListDrawsAsync(new ListDrawsRequest { TaskId = task }, As(Scenario.StaffOf(amr)))).Draws.Select(d => d.DrawId));
    }

    /// <summary>
    /// A whole joint inspection the way the demo runs it (infra/Demo: TaskDemo, DrawDemo, ReturnVisitDemo), through the
    /// gateway: the lead's published plan and the joint task made from it; the draw previewed at the draw engine, prepared
    /// and executed through the tasks service; each department's match, recorded on the task as the engine's teams arrive,
    /// with no client asking; results with one problem, review, publication, follow-up, the task closed; then the office's
    /// return visit, drawn through the tasks service too, and closed.
    /// </summary>
    [Fact]
    public async Task A_whole_joint_inspection_runs_through_the_tasks_services_draw_path_as_the_demo_runs_it()
    {
        var (amr, eeb, _) = await County("130309", 4);
        const string header = "inspector_id,name,certificate_no,certificate_valid_from,certificate_valid_to,region,status,conflicts";
        foreach (var department in new[] { amr, eeb })
            await platform.Upload(department, "inspectors", string.Join("\n", header, $"{department}-I1,张明,冀执001,2021-01-01,2030-12-31,130309,active,",
                $"{department}-I2,李华,冀执002,2021-01-01,2030-12-31,130309,active,") + "\n");
        var engine = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = engine.QuerySession();
            return await query.Query<Shuangsuiji.Draws.Matching.DrawInspector>().Where(i => i.DepartmentId == amr || i.DepartmentId == eeb).CountAsync();
        }, n => n == 4, "the inspectors at the draw engine");
        var (lead, partner, supervisor) = (As(Scenario.StaffOf(amr)), As(Scenario.StaffOf(eeb)), As(Scenario.Office));
        var (year, today) = (platform.Today.Year, $"{platform.Today:yyyy-MM-dd}");

        // The lead's annual plan with the joint task, published; the task made from it, the partner invited, approval.
        var planned = new Api.Tasks.V1.PlannedTask
        {
            Code = "LH-01", Name = "餐饮服务食品安全与公共场所卫生联合抽查", Items = { DrawCeremony.Item(amr) },
            Scope = new Api.Tasks.V1.PlanScope { Divisions = { "130309" } },
            Quotas = { "ABD".Zip(new[] { 25.0, 25, 50 }, (c, p) => new Api.Tasks.V1.RiskQuota { RiskClass = $"{c}", Percent = p }) },
            From = $"{year}-01-01", To = $"{year}-12-31", Joint = true, LeadDepartmentId = amr, ParticipantIds = { eeb },
        };
        var plan = new Api.Tasks.V1.PlanCommandRequest { DepartmentId = amr, Year = year };
        await Tasks.DraftPlanAsync(new Api.Tasks.V1.DraftPlanRequest
        {
            DepartmentId = amr, Year = year, Batches = { new Api.Tasks.V1.PlanBatch { Number = 1, Name = "第一批", Tasks = { planned } } },
        }, lead);
        await Tasks.ApprovePlanAsync(plan, DrawCeremony.Reviewer(amr));
        await Tasks.PublishPlanAsync(plan, lead);
        var id = (await Tasks.CreateTaskFromPlanAsync(new Api.Tasks.V1.CreateTaskFromPlanRequest
        {
            TaskId = scenario.Id("LH-01"), DepartmentId = amr, Year = year, TaskCode = "LH-01",
        }, lead)).TaskId;
        await Tasks.InviteDepartmentAsync(new Api.Tasks.V1.InviteDepartmentRequest { TaskId = id, DepartmentId = eeb, Items = { DrawCeremony.Item(eeb) } }, lead);
        await Tasks.AcceptInvitationAsync(new Api.Tasks.V1.InvitationRequest { TaskId = id, DepartmentId = eeb }, partner);
        await Tasks.ApproveTaskAsync(new Api.Tasks.V1.TaskCommandRequest { TaskId = id }, DrawCeremony.Reviewer(amr));
        await Tasks.ConfirmPartnersAsync(new Api.Tasks.V1.TaskCommandRequest { TaskId = id }, lead);

        // The draw: previewed at the engine, prepared through the tasks service; the lead commits its own secret, the partner
        // lets the engine keep one, the office enters the public value after the deadline, the lead reveals, and the draw
        // executes through the tasks service.
        var request = ceremony.Request(id, [.. "ABD".Select(c => new Stratum { Label = $"{c}", RiskClasses = { $"{c}" }, Percent = 50 })]);
        var preview = await Draws.PreviewDrawAsync(new PrepareDrawRequest(request) { DepartmentIds = { amr, eeb }, ItemIds = { DrawCeremony.Item(amr) } }, lead);
        Assert.Equal([4, 4, 4], preview.Strata.Select(s => s.CandidateCount));
        var prepared = await Tasks.PrepareDrawAsync(request, lead);
        Assert.Equal([amr, eeb, DrawCeremony.OfficeId], prepared.Parties);
        var executed = await ceremony.Execute(prepared, new Dictionary<string, string> { [amr] = "haigang-amr-secret-for-the-joint-task" });
        Assert.Equal([2, 2, 2], executed.Strata.Select(s => s.Drawn));
        var drawn = (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = prepared.DrawId }, lead)).Strata.SelectMany(s => s.Selected).ToArray();

        // Each department matches its inspectors at the engine; the tasks service records both matches as the teams arrive.
        foreach (var (department, staff) in new[] { (amr, lead), (eeb, partner) })
            await Draws.MatchInspectorsAsync(new MatchInspectorsRequest
            {
                DrawId = prepared.DrawId, DepartmentId = department, CheckFrom = today, CheckTo = $"{platform.Today.AddDays(20):yyyy-MM-dd}", TeamSize = 1,
            }, staff);
        var matched = await Eventually.Get(() => Tasks.GetTaskAsync(new Api.Tasks.V1.GetTaskRequest { TaskId = id }, lead).ResponseAsync,
            t => t.Status == Api.Tasks.V1.TaskStatus.Matched, "both matches on the task");
        Assert.Equal(drawn, matched.Entities);
        var teams = (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = prepared.DrawId }, lead)).Teams.ToDictionary(t => (t.DepartmentId, t.Uscc), t => t.InspectorIds);

        // 谁检查、谁录入: each department its results (the lead finds a problem at the first entity), reviewed and published.
        await Tasks.StartChecksAsync(new Api.Tasks.V1.TaskCommandRequest { TaskId = id }, lead);
        var problem = drawn[0];
        foreach (var (department, staff) in new[] { (amr, lead), (eeb, partner) })
        {
            foreach (var uscc in drawn)
            {
                var found = department == amr && uscc == problem;
                var entry = new Api.Tasks.V1.ResultEntry
                {
                    CheckDates = { today }, Methods = { Api.Tasks.V1.CheckMethod.OnSite },
                    Categories = { found ? Api.Tasks.V1.ResultCategory.ProblemPending : Api.Tasks.V1.ResultCategory.NoProblem },
                    Items = { new Api.Tasks.V1.ItemOutcome { ItemId = DrawCeremony.Item(department), Checked = true, ProblemFound = found, Action = found ? "责令限期公示年度报告" : "" } },
                    InspectorIds = { teams[(department, uscc)] },
                };
                if (found) entry.PendingReasons.Add(Api.Tasks.V1.PendingReason.UndisclosedInformation);
                await Tasks.SubmitResultAsync(new Api.Tasks.V1.ResultEntryRequest { TaskId = id, DepartmentId = department, Uscc = uscc, Entry = entry }, staff);
                await Tasks.ApproveResultAsync(new Api.Tasks.V1.ResultCommandRequest { TaskId = id, DepartmentId = department, Uscc = uscc },
                    DrawCeremony.Reviewer(department));
            }
            var step = new Api.Tasks.V1.DepartmentStepRequest { TaskId = id, DepartmentId = department };
            await Tasks.CompleteEntryAsync(step, staff);
            await Tasks.CompleteReviewAsync(step, DrawCeremony.Reviewer(department));
            await Tasks.PublishResultsAsync(step, staff);
        }

        // 后续处置: ordered to correct, corrected, closed; then the task.
        await Tasks.RecordFollowUpAsync(new Api.Tasks.V1.RecordFollowUpRequest
        {
            TaskId = id, DepartmentId = amr, Uscc = problem,
            Action = new Api.Tasks.V1.FollowUpAction { Kind = Api.Tasks.V1.FollowUpKind.OrderCorrection, On = today, Reason = "未按规定公示年度报告，责令10日内改正" },
        }, lead);
        await Tasks.RecordCorrectionAsync(new Api.Tasks.V1.RecordCorrectionRequest { TaskId = id, DepartmentId = amr, Uscc = problem, CorrectedOn = today, Note = "已补报公示" }, lead);
        await Tasks.CloseResultFollowUpAsync(new Api.Tasks.V1.CloseResultFollowUpRequest { TaskId = id, DepartmentId = amr, Uscc = problem, ClosedOn = today }, lead);
        await Tasks.CloseFollowUpAsync(new Api.Tasks.V1.DepartmentStepRequest { TaskId = id, DepartmentId = amr }, lead);
        Assert.Equal(Api.Tasks.V1.TaskStatus.Closed, (await Tasks.CloseTaskAsync(new Api.Tasks.V1.CloseTaskRequest { TaskId = id, ClosedOn = today }, lead)).Status);

        // The office's return visit to two of the closed task's entities, once the engine has heard that the task closed.
        var table = Table;
        await Eventually.Get(() => Count($"select count(*) from {table.TaskEntities} where task_id = '{id}' and seq_to is not null"), n => n == drawn.Length,
            "the closed task at the draw engine");
        var visit = (await Tasks.PlanReturnVisitAsync(new Api.Tasks.V1.PlanReturnVisitRequest
        {
            VisitId = scenario.Id("RV-LH"), OfficeId = DrawCeremony.OfficeId, Name = "联合抽查回访", TaskIds = { id }, Reason = "检验联合抽查实效",
        }, supervisor)).VisitId;
        var sample = ceremony.Request(visit, new Stratum { Label = "all", RiskClasses = { "A", "B", "C", "D" }, Count = 2 });
        sample.DepartmentIds.Add(DrawCeremony.OfficeId);
        sample.SampledTaskIds.Add(id);
        await ceremony.Execute(await Tasks.PrepareDrawAsync(sample, supervisor));
        var sampled = await Eventually.Get(() => Tasks.GetReturnVisitAsync(new Api.Tasks.V1.GetReturnVisitRequest { VisitId = visit }, supervisor).ResponseAsync,
            v => v.Status == Api.Tasks.V1.ReturnVisitStatus.Drawn, "the sample on the return visit");
        Assert.Equal(2, sampled.Entities.Count);
        Assert.Subset(drawn.ToHashSet(), sampled.Entities.Select(e => e.Uscc).ToHashSet());
        foreach (var (entity, n) in sampled.Entities.Select((e, n) => (e, n)))
            await Tasks.RecordVisitAsync(new Api.Tasks.V1.RecordVisitRequest
            {
                VisitId = visit, Uscc = entity.Uscc, VisitedOn = today,
                Outcome = n == 0 ? Api.Tasks.V1.VisitOutcome.Confirmed : Api.Tasks.V1.VisitOutcome.NotCorrected, Findings = n == 0 ? "" : "后厨卫生问题复现",
            }, supervisor);
        var closed = await Tasks.CloseReturnVisitAsync(new Api.Tasks.V1.CloseReturnVisitRequest { VisitId = visit, ClosedOn = today, Summary = "回访2户，1户问题复现" },
            supervisor);
        Assert.Equal(Api.Tasks.V1.ReturnVisitStatus.Closed, closed.Status);

        // The task's draw, its matches included, replays from its public record.
        using var anonymous = platform.Http();
        var record = DrawRecord.FromJson(await anonymous.GetStringAsync($"/v1/public/draws/{prepared.DrawId}/record"));
        Assert.Equal(2 * drawn.Length, record.Matches.Count);
        Assert.Empty(Verifier.Verify(record));
    }

    /// <summary>
    /// A department's task over its county carried to its close through the tasks service: drawn (one entity of class A,
    /// two of B, one of D), its teams the draw engine's message (sent by the test), every result entered and approved.
    /// Returns the task and the entities it drew: what a return visit samples.
    /// </summary>

    [Fact]
    public async Task A_return_visit_samples_the_entities_of_closed_tasks_only_busy_or_inspected_as_they_are_and_its_record_replays()
    {
        var (amr, eeb, _) = await County("130324", 4); // classes A, B, D: four each
        var office = DrawCeremony.OfficeId;
        var supervisor = As(Scenario.Office);
        var (done, sampled) = await ceremony.ClosedTask(amr);
        var table = Table;
        await Eventually.Get(() => Count($"select count(*) from {table.TaskEntities} where task_id = '{done}' and seq_to is not null"), n => n == 4,
            "the closed task at the draw engine");
        // Another task, still running, holds every entity of the county, the closed task's too (its department checks other
        // items, for which they were not inspected lately); the closed task's results were approved (inspections today).
        var running = await ceremony.ReadyTask(eeb, []);
        await ceremony.Execute(await ceremony.Prepare(ceremony.Request(running, new Stratum { Label = "all", RiskClasses = { "A", "B", "D" }, Percent = 100 }),
            As(Scenario.StaffOf(eeb))));
        Assert.Equal(12, await Count($"select count(*) from {table.TaskEntities} where task_id = '{running}' and seq_to is null"));
        var visit = (await Tasks.PlanReturnVisitAsync(new Api.Tasks.V1.PlanReturnVisitRequest
        {
            VisitId = scenario.Id("RV-1"), OfficeId = office, Name = "专项抽查回访", TaskIds = { done }, Reason = "检验抽查实效",
        }, supervisor)).VisitId;

        PrepareDrawRequest Sample(string party, string task)
        {
            var request = ceremony.Request(visit, new Stratum { Label = "all", RiskClasses = { "A", "B", "D" }, Percent = 50 });
            request.DepartmentIds.Add(party);
            request.SampledTaskIds.Add(task);
            return request;
        }
        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Tasks.PrepareDrawAsync(Sample(office, done), As(Scenario.StaffOf(office))).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(() => Tasks.PrepareDrawAsync(Sample(amr, done), supervisor).ResponseAsync));
        var other = await Assert.ThrowsAsync<RpcException>(() => Draws.PrepareDrawAsync(Sample(office, running), supervisor).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, $"sampled_task_ids: return visit {visit} samples {done}"), (other.StatusCode, other.Status.Detail));

        // The office draws alone, so the engine is the second party, its secret sealed.
        var prepared = await ceremony.Prepare(Sample(office, done), supervisor);
        Assert.Equal([office, Shuangsuiji.Draws.Drawing.DrawDecider.EngineParty], prepared.Parties);
        Assert.True(prepared.Commitments.Single(c => c.Party == Shuangsuiji.Draws.Drawing.DrawDecider.EngineParty).Generated);
        var stratum = Assert.Single(prepared.Strata);
        Assert.Equal((4, 2), (stratum.CandidateCount, stratum.Asked));
        Assert.Equal((0, 0), (prepared.Exclusions["inspected_recently"], prepared.Exclusions["in_open_task"]));
        Assert.Equal([done], prepared.SampledTaskIds);
        var executed = await ceremony.Execute(prepared);
        Assert.Equal(2, executed.Strata.Single().Drawn);
        var visited = (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = prepared.DrawId }, supervisor)).Strata.Single().Selected;
        Assert.Equal(2, visited.Count);
        Assert.Subset(sampled.ToHashSet(), visited.ToHashSet());
        Assert.Equal(StatusCode.FailedPrecondition, await Fails(() => Draws.MatchInspectorsAsync(new MatchInspectorsRequest
        {
            DrawId = prepared.DrawId, DepartmentId = office, CheckFrom = "2022-09-01", CheckTo = "2022-09-30", TeamSize = 2,
        }, supervisor).ResponseAsync));

        // Its record names the sampled task and replays with the candidates the gateway streams; the visit records the sample.
        var record = DrawRecord.FromJson((await Draws.GetDrawRecordAsync(new GetDrawRequest { DrawId = prepared.DrawId })).Json);
        Assert.Equal([done], record.SampledTasks);
        using var stream = Draws.StreamCandidates(new CandidatesRequest { DrawId = prepared.DrawId, Label = "all" });
        IReadOnlyList<string> list = [.. await stream.ResponseStream.ReadAllAsync().SelectMany(c => c.Usccs.ToAsyncEnumerable()).ToListAsync()];
        Assert.Empty(Verifier.Verify(record, _ => list));
        var drawnVisit = await Eventually.Get(() => Tasks.GetReturnVisitAsync(new Api.Tasks.V1.GetReturnVisitRequest { VisitId = visit }, supervisor).ResponseAsync,
            v => v.Status == Api.Tasks.V1.ReturnVisitStatus.Drawn, "the sample on the return visit");
        Assert.Equal(prepared.DrawId, drawnVisit.DrawId);
        Assert.Equal(visited.Order(), drawnVisit.Entities.Select(e => e.Uscc).Order());
    }

    /// <summary>Every text in the events the draw engine stored of a draw, as its database holds them (and parts of colon-separated texts).</summary>
    private async Task<List<string>> StoredTexts(string drawId)
    {
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await using var command = platform.Draws.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand($"select data::text from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = $"draw:{drawId}" });
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) texts.AddRange(TextsOf(reader.GetString(0)));
        return texts;
    }

    private static IEnumerable<string> TextsOf(string json)
    {
        static IEnumerable<string> Walk(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => [e.GetString()!, .. e.GetString()!.Split(':')],
            JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Walk(p.Value).Prepend(p.Name)),
            JsonValueKind.Array => e.EnumerateArray().SelectMany(Walk),
            _ => [e.GetRawText()],
        };
        using var document = JsonDocument.Parse(json);
        return [.. Walk(document.RootElement)];
    }

    [Fact]
    public async Task A_lead_department_holding_its_secret_the_candidates_and_the_engines_store_cannot_steer_its_draw()
    {
        var (amr, _, _) = await County("130322", 10);
        var task = await ceremony.ReadyTask(amr, []);
        var lead = As(Scenario.StaffOf(amr));
        var prepared = await ceremony.Prepare(Request(task), lead);
        var id = prepared.DrawId;
        // The department draws alone, yet is not the draw's only party: the office's secret was committed at preparation,
        // sealed by the engine, before the lead could commit anything.
        Assert.Equal([amr, DrawCeremony.OfficeId], prepared.Parties);
        var officeCommitment = prepared.Commitments.Single(c => c.Party == DrawCeremony.OfficeId).Sha256;

        // What the lead can read before execution — the candidates in the engine's table, every event the engine stored of
        // the draw as its database holds it, the draw's audit trail — holds no text that is the office's secret.
        var stored = await StoredTexts(id);
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, t => DrawSeed.Commitment(t) == officeCommitment);
        var trail = await new Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel)
            .GetHistoryAsync(new Api.Audit.V1.GetHistoryRequest { Service = "draws", StreamId = $"draw:{id}" }, lead);
        Assert.NotEmpty(trail.Events);
        Assert.DoesNotContain(trail.Events.Where(e => e.Data != "").SelectMany(e => TextsOf(e.Data)), t => DrawSeed.Commitment(t) == officeCommitment);

        const string secret = "haigang-amr-secret-it-keeps-to-itself";
        await Draws.CommitSecretAsync(new CommitSecretRequest { DrawId = id, Party = amr, Sha256 = DrawSeed.Commitment(secret) }, lead);
        async Task<RpcException> Refused(Func<Task> attempt) => await Assert.ThrowsAsync<RpcException>(attempt);
        // A second commitment, after seeing the candidates.
        var recommit = await Refused(() => Draws.CommitSecretAsync(
            new CommitSecretRequest { DrawId = id, Party = amr, Sha256 = DrawSeed.Commitment("another-secret-tried-offline") }, lead).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, recommit.StatusCode);
        await Draws.RevealSecretAsync(new RevealSecretRequest { DrawId = id, Party = amr, Secret = secret }, lead);
        // An early execution, before the public value exists.
        Assert.Equal(StatusCode.FailedPrecondition, (await Refused(() => Draws.ExecuteDrawAsync(new ExecuteDrawRequest { DrawId = id }, lead).ResponseAsync)).StatusCode);
        // A public value of its choosing: the lead may not enter one, and the office not before the deadline.
        Assert.Equal(StatusCode.PermissionDenied, (await Refused(() => Draws.RecordPublicValueAsync(
            new RecordPublicValueRequest { DrawId = id, Value = "0 0 0" }, lead).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, (await Refused(() => Draws.RecordPublicValueAsync(
            new RecordPublicValueRequest { DrawId = id, Value = "0 0 1" }, As(Scenario.Office)).ResponseAsync)).StatusCode);

        await ceremony.PassDeadline(prepared);
        Assert.Equal(StatusCode.FailedPrecondition, (await Refused(() => Draws.CommitSecretAsync(
            new CommitSecretRequest { DrawId = id, Party = amr, Generate = true }, lead).ResponseAsync)).StatusCode);
        await Draws.RecordPublicValueAsync(new RecordPublicValueRequest { DrawId = id, Value = "5 2 8" }, As(Scenario.Office));
        await Draws.RecordPublicValueAsync(new RecordPublicValueRequest { DrawId = id, Value = "5 2 8" }, As(Scenario.Office)); // the same again: nothing changes
        // Another value, entered a second time or given at execution.
        Assert.Equal(StatusCode.FailedPrecondition, (await Refused(() => Draws.RecordPublicValueAsync(
            new RecordPublicValueRequest { DrawId = id, Value = "1 1 1" }, As(new Caller("beacon-feed", DrawCeremony.OfficeId, Roles.System))).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Refused(() => Draws.ExecuteDrawAsync(
            new ExecuteDrawRequest { DrawId = id, PublicValue = "1 1 1" }, lead).ResponseAsync)).StatusCode);
        var loggedBefore = platform.Logs["draws"].All; // every line the draw engine logged before execution
        Assert.Contains(loggedBefore, l => l.Contains("candidate index loaded"));
        await Draws.ExecuteDrawAsync(new ExecuteDrawRequest { DrawId = id }, lead);

        // Every refused attempt by a party is on the draw and in its public record, which still replays.
        var draw = await Draws.GetDrawAsync(new GetDrawRequest { DrawId = id }, lead);
        Assert.Equal([("commit", amr), ("execute", amr), ("public_value", DrawCeremony.OfficeId), ("commit", amr), ("public_value", DrawCeremony.OfficeId),
            ("execute", amr)], draw.RefusedAttempts.Select(a => (a.Attempt, a.DepartmentId)));
        Assert.Equal(["0 0 1", "1 1 1", "1 1 1"], draw.RefusedAttempts.Where(a => a.Value != "").Select(a => a.Value));
        using var anonymous = platform.Http();
        var record = DrawRecord.FromJson(await anonymous.GetStringAsync($"/v1/public/draws/{id}/record"));
        Assert.Equal(6, record.RefusedAttempts!.Count);
        Assert.Equal("5 2 8", record.PublicValue);
        Assert.Empty(Verifier.Verify(record));
        // The office's secret appears first in the record, after execution: nothing the lead could read held it before.
        var officeSecret = record.Reveals.Single(r => r.Party == DrawCeremony.OfficeId).Secret;
        Assert.Equal(officeCommitment, DrawSeed.Commitment(officeSecret));
        Assert.DoesNotContain(officeSecret, stored);
        Assert.DoesNotContain(loggedBefore, l => l.Contains(officeSecret));
        // Nor did any message on the bus, received by any service, hold it: neither before execution nor the execution's own.
        await Eventually.Get(() => Task.FromResult(platform.Recorders["tasks"].All.Any(m => m.Message is TaskEntitiesDrawn drawn && drawn.DrawId == id)),
            received => received, "the execution's message at the tasks service");
        var messages = platform.Recorders.Values.SelectMany(r => r.All).Select(m => JsonSerializer.Serialize(m.Message, m.MessageType)).ToList();
        Assert.Contains(messages, m => m.Contains(id));
        Assert.DoesNotContain(messages, m => m.Contains(officeSecret));
        // The audit trail shows the attempts too.
        var attempts = await new Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel).SearchEventsAsync(
            new Api.Audit.V1.SearchEventsRequest { Service = "draws", Kind = "draw_attempt_refused" }, As(Scenario.Office));
        Assert.Equal(6, attempts.Events.Count(e => e.StreamId == $"draw:{id}"));
    }

    [Fact]
    public async Task A_draw_that_does_not_fit_its_task_is_refused_naming_the_field_whatever_the_path_and_a_task_has_one_draw_open_at_a_time()
    {
        var (amr, eeb, _) = await County("130305", 3); // a division of this test's own
        var quota = new Api.Tasks.V1.RiskQuota { RiskClass = "D", Percent = 30 };
        var task = await ceremony.ReadyTask(amr, [eeb], new Api.Tasks.V1.PlanScope { Divisions = { "130305" }, EntityTypes = { "enterprise" } }, quota);
        var lead = As(Scenario.StaffOf(amr));
        // Through the tasks service, or straight to the draw engine with terms of the client's own: the same refusal, since
        // the engine asks the tasks service what the task allows before every preparation.
        async Task<(StatusCode, string)> Refusal(PrepareDrawRequest request)
        {
            var viaTasks = await Assert.ThrowsAsync<RpcException>(() => Tasks.PrepareDrawAsync(request, lead).ResponseAsync);
            var direct = await Assert.ThrowsAsync<RpcException>(() => Draws.PrepareDrawAsync(request, lead).ResponseAsync);
            // The same status naming the same field, for the same reason of the same service (a message that names the time
            // differs by the time of each call).
            static (StatusCode, string, string?, string?) Kind(RpcException e) =>
                (e.StatusCode, e.Status.Detail.Split(':')[0], e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason, e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Domain);
            Assert.Equal(Kind(viaTasks), Kind(direct));
            return (viaTasks.StatusCode, viaTasks.Status.Detail);
        }
        // Asked what the task allows, the tasks service completes the request from the task and changes nothing.
        var terms = await Tasks.CheckDrawAsync(ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Percent = 30 }), lead);
        Assert.Equal([amr, eeb], terms.DepartmentIds);
        Assert.Equal([DrawCeremony.Item(amr), DrawCeremony.Item(eeb)], terms.ItemIds);
        Assert.Equal(("130305", "enterprise", "D"), (terms.Scope.Divisions.Single(), terms.Scope.EntityTypes.Single(), terms.Quotas.Single().RiskClass));
        var fits = ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Percent = 30 });
        Assert.Equal((StatusCode.InvalidArgument, $"scope.divisions: 130302 is outside the scope of task {task} (130305)"),
            await Refusal(new PrepareDrawRequest(fits) { Scope = new Scope { Divisions = { "130302" } } }));
        Assert.Equal(StatusCode.InvalidArgument, (await Refusal(new PrepareDrawRequest(fits) { Scope = new Scope { EntityTypes = { "individual_business" } } })).Item1);
        Assert.Equal((StatusCode.InvalidArgument, $"strata[0].percent: stratum D: 10 % is below the task's quota for class D (30 %)"),
            await Refusal(ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Percent = 10 })));
        Assert.Equal((StatusCode.InvalidArgument, "strata.risk_classes: the task draws class D (30 %): give it a stratum"),
            await Refusal(ceremony.Request(task, new Stratum { Label = "B", RiskClasses = { "B" }, Percent = 50 })));
        Assert.Equal((StatusCode.InvalidArgument, $"department_ids: the task's inspecting departments draw together: {amr}, {eeb}"),
            await Refusal(new PrepareDrawRequest(fits) { DepartmentIds = { amr } }));
        Assert.Equal((StatusCode.InvalidArgument, $"item_ids[0]: {amr}:HBSC-999 is not an item of task {task}"),
            await Refusal(new PrepareDrawRequest(fits) { ItemIds = { $"{amr}:HBSC-999" } }));
        Assert.Equal(StatusCode.InvalidArgument, (await Refusal(new PrepareDrawRequest(fits) { PublicRandomness = null })).Item1);
        Assert.Equal(StatusCode.InvalidArgument, (await Refusal(new PrepareDrawRequest(fits)
            { CommitDeadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(platform.Clock.GetUtcNow().AddMinutes(-1)) })).Item1);
        var draft = await Tasks.CreateTaskAsync(new Api.Tasks.V1.CreateTaskRequest
        {
            TaskId = scenario.Id("DRAFT"), DepartmentId = amr, Name = "未批准的任务", Items = { DrawCeremony.Item(amr) }, CheckFrom = "2026-12-01",
            CheckTo = "2026-12-20", Reason = "专项核查", Scope = new Api.Tasks.V1.PlanScope { Divisions = { "130305" } }, Quotas = { quota },
        }, lead);
        Assert.Equal(StatusCode.FailedPrecondition, (await Refusal(ceremony.Request(draft.TaskId, ByClass))).Item1);

        // Named with x-request-id, a preparation sent again answers the draw it made; another is refused while it is open.
        var named = As(Scenario.StaffOf(amr));
        named.Headers!.Add("x-request-id", $"prepare-{task}");
        var first = await Tasks.PrepareDrawAsync(fits, named);
        var repeat = await Tasks.PrepareDrawAsync(fits, named);
        Assert.Equal(first.DrawId, repeat.DrawId);
        // The name is the caller's department's: a partner sending it prepares a draw of its own, which only the lead may; a
        // reviewer of the lead may not prepare, which comes before any answer; a system of the lead may, but the request
        // was the staff's.
        Metadata Named(Caller caller)
        {
            var headers = As(caller);
            headers.Headers!.Add("x-request-id", $"prepare-{task}");
            return headers.Headers;
        }
        var partner = await Assert.ThrowsAsync<RpcException>(() => Draws.PrepareDrawAsync(fits, Named(Scenario.StaffOf(eeb))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, partner.StatusCode);
        var reviewer = await Assert.ThrowsAsync<RpcException>(() => Draws.PrepareDrawAsync(fits, Named(new Caller($"reviewer-{amr}", amr, Roles.Reviewer))).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, $"the lead department {amr} prepares the draw"), (reviewer.StatusCode, reviewer.Status.Detail));
        var system = await Assert.ThrowsAsync<RpcException>(() => Draws.PrepareDrawAsync(fits, Named(new Caller("sys-1", amr, Roles.System))).ResponseAsync);
        Assert.Equal("REQUEST_ID_REUSED", system.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal((StatusCode.FailedPrecondition, $"task {task} has draw {first.DrawId} open: execute it, let its deadline pass without every commitment, or cancel it"),
            await Refusal(fits));
        Assert.Equal([first.DrawId], (await Draws.ListDrawsAsync(new ListDrawsRequest { TaskId = task }, lead)).Draws.Select(d => d.DrawId));

        // A partner that does not commit by the deadline lets the draw lapse; a cancelled draw also frees the task.
        await Draws.CommitSecretAsync(new CommitSecretRequest { DrawId = first.DrawId, Party = amr, Generate = true }, lead);
        await ceremony.PassDeadline(first);
        Assert.Equal(DrawStatus.Lapsed, (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = first.DrawId }, lead)).Status);
        var late = await Assert.ThrowsAsync<RpcException>(() => Draws.CommitSecretAsync(
            new CommitSecretRequest { DrawId = first.DrawId, Party = eeb, Generate = true }, As(Scenario.StaffOf(eeb))).ResponseAsync);
        Assert.Contains("closed at", late.Status.Detail);
        var second = await ceremony.Prepare(ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Percent = 30 }), lead);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => Draws.CancelDrawAsync(
            new CancelDrawRequest { DrawId = second.DrawId }, lead).ResponseAsync)).StatusCode);
        var cancelled = await Draws.CancelDrawAsync(new CancelDrawRequest { DrawId = second.DrawId, Reason = "抽取参数有误" }, lead);
        Assert.Equal((DrawStatus.Cancelled, "抽取参数有误"), (cancelled.Status, cancelled.CancelReason));
        // The office may take part with a secret of its own: then the engine is a party itself, its secret sealed.
        var third = await ceremony.Prepare(new PrepareDrawRequest(ceremony.Request(task, new Stratum { Label = "D", RiskClasses = { "D" }, Count = 1 }))
            { OfficeId = DrawCeremony.OfficeId }, lead);
        Assert.Equal(DrawStatus.Prepared, third.Status);
        Assert.Equal([amr, eeb, DrawCeremony.OfficeId, Shuangsuiji.Draws.Drawing.DrawDecider.EngineParty], third.Parties);
        Assert.Equal([false, false, false, true], third.Commitments.Select(c => c.Generated));
        Assert.Equal("", third.Commitments.Single(c => c.Party == DrawCeremony.OfficeId).Sha256);
    }

    [Fact]
    public async Task A_first_version_arriving_after_a_later_one_changes_nothing_and_a_later_version_moves_the_first_to_the_history()
    {
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        var (late, early) = (EntityFiles.NewCode(), EntityFiles.NewCode());
        static Contracts.Directories.MarketEntityInfo Info(string uscc, long version, string industry) =>
            new(uscc, NameOf(uscc), "enterprise", industry, "130399", "active", "130399-AMR", [], [], null, null, version);
        async Task<List<string>> Rows(string table)
        {
            await using var command = platform.Draws.Services.GetRequiredService<NpgsqlDataSource>()
                .CreateCommand($"select uscc || ' ' || industry || ' v' || version from {table} where uscc in ('{late}', '{early}') order by uscc = '{late}', version");
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            return rows;
        }

        // The later version of one entity comes first (its first version is still on the way), beside another's first version.
        await bus.Publish(new Contracts.Directories.MarketEntitiesChanged([Info(late, 2, "F52"), Info(early, 1, "F51")], "amended", platform.Clock.GetUtcNow()));
        await Eventually.Get(() => Rows(Table.Name), r => r.Count == 2, "both entities at the draw engine");
        // Then the first version of the one, with a later version of the other: the first changes nothing, the later wins.
        await bus.Publish(new Contracts.Directories.MarketEntitiesChanged([Info(late, 1, "F51"), Info(early, 3, "H62")], "imported", platform.Clock.GetUtcNow()));
        var current = await Eventually.Get(() => Rows(Table.Name), r => r.Contains($"{early} H62 v3"), "the later version at the draw engine");
        Assert.Equal([$"{early} H62 v3", $"{late} F52 v2"], current);
        Assert.Equal([$"{early} F51 v1"], await Rows(Table.History));
    }

    [Fact]
    public async Task A_draws_candidates_are_read_again_as_they_were_when_it_was_prepared_after_the_directory_changed()
    {
        var (amr, eeb, active) = await County("130306", 6);
        var task = await ceremony.ReadyTask(amr, [eeb]);
        var prepared = await ceremony.Prepare(Request(task), As(Scenario.StaffOf(amr)));
        var preview = new PrepareDrawRequest(Request(task)) { DepartmentIds = { amr, eeb }, ItemIds = { DrawCeremony.Item(amr) } };

        // Two class-A entities rise to D and one is deregistered after the draw was prepared.
        await platform.Upload(amr, "risk_classes", $"uscc,risk_class,effective_on\n{active[0]},D,2022-07-01\n{active[1]},D,2022-07-01\n");
        await platform.Upload(amr, "entities", EntityFiles.Csv(EntityFiles.Row(active[7], amr, division: "130306").Replace(",active,", ",deregistered,")));
        var now = await Eventually.Get(() => Draws.PreviewDrawAsync(preview, As(Scenario.StaffOf(amr))).ResponseAsync,
            p => p.Strata.Select(s => s.CandidateCount).SequenceEqual([4, 5, 8]), "the changes at the draw engine");
        Assert.NotEqual(prepared.Strata.Select(s => s.CandidatesSha256), now.Strata.Select(s => s.CandidatesSha256));

        // A host that did not prepare the draw (nothing kept in memory) reads the lists again from the table's history.
        var services = platform.Draws.Services;
        var elsewhere = new LiveCandidates(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<CandidateTable>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveCandidates>.Instance);
        await using var query = services.GetRequiredService<IDocumentStore>().QuerySession();
        var draw = (await query.Events.AggregateStreamAsync<Shuangsuiji.Draws.Drawing.Draw>(Shuangsuiji.Draws.Drawing.Draw.StreamId(prepared.DrawId)))!;
        var again = await elsewhere.OfAsync(draw, CancellationToken.None);
        Assert.Equal(prepared.Strata.Select(s => s.CandidatesSha256), draw.Strata.Select(s => again.Lists[s.Label].Sha256));
        Assert.Equal(6, again.Lists["A"].Count);
        Assert.Equal(prepared.Exclusions, again.Exclusions);
    }

    [Fact]
    public async Task Entities_inspected_for_the_same_item_within_twelve_months_are_left_out_and_counted()
    {
        var (amr, eeb, active) = await County("130303", 4);
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        var today = platform.Today;
        var earlier = scenario.Id("task-0");
        await bus.Publish(new EntityInspected(active[0], DrawCeremony.Item(eeb), today.AddMonths(-3), earlier, ["I001", "I002"]));
        await bus.Publish(new EntityInspected(active[1], DrawCeremony.Item(amr), today.AddMonths(-13), earlier, ["I001", "I002"]));  // too long ago
        await bus.Publish(new EntityInspected(active[2], $"{amr}:HBSC-999", today.AddMonths(-1), earlier, ["I001", "I002"]));   // another item
        await Eventually.Get(() => Count($"select count(*) from {Table.Inspections} where task_id = '{earlier}'"), n => n == 3, "the inspections at the draw engine");

        var prepared = await ceremony.Prepare(Request(await ceremony.ReadyTask(amr, [eeb])), As(Scenario.StaffOf(amr)));
        Assert.Equal(1, prepared.Exclusions["inspected_recently"]);
        Assert.Equal(3, prepared.Strata.Single(s => s.Label == "A").CandidateCount);
        Assert.Equal([4, 4], prepared.Strata.Where(s => s.Label != "A").Select(s => s.CandidateCount));
    }

    [Fact]
    public async Task A_tasks_drawn_entities_are_left_out_of_other_draws_as_soon_as_its_draw_executes_unless_merged_until_it_closes()
    {
        var (amr, eeb, _) = await County("130321", 4);
        var onlyA = new Api.Tasks.V1.RiskQuota { RiskClass = "A", Count = 1 };
        // The environment bureau's task draws two class-A entities; the draw engine puts them in the task as it executes
        // the draw, without waiting for any message from the tasks service.
        var open = await ceremony.ReadyTask(eeb, [], null, onlyA);
        var executed = await ceremony.Execute(await ceremony.Prepare(ceremony.Request(open, new Stratum { Label = "A", RiskClasses = { "A" }, Count = 2 }),
            As(Scenario.StaffOf(eeb))));
        Assert.Equal(DrawStatus.Executed, executed.Status);
        var task = await ceremony.ReadyTask(amr, [eeb]);
        var previewed = new PrepareDrawRequest(Request(task)) { DepartmentIds = { amr, eeb }, ItemIds = { DrawCeremony.Item(amr) } };
        var alone = await Draws.PreviewDrawAsync(previewed, As(Scenario.StaffOf(amr)));
        Assert.Equal(2, alone.Exclusions["in_open_task"]);
        Assert.Equal(2, alone.Strata.Single(s => s.Label == "A").CandidateCount);
        // The tasks service records the draw on its task and announces it, and tells the engine nothing about the entities drawn.
        await Eventually.Get(() => Task.FromResult(platform.Recorders["disclosure"].All.Count(m => m.Message is TaskAnnounced a && a.TaskId == open)),
            n => n > 0, "the task's announcement at disclosure");
        Assert.DoesNotContain(platform.Recorders["draws"].All, m => m.Message is TaskEntitiesChanged changed && changed.TaskId == open);

        // The joint visit that merges the open task takes its entities too; the open task's own draw again as well.
        var merged = await ceremony.Prepare(new PrepareDrawRequest(Request(task)) { MergedTaskIds = { open } }, As(Scenario.StaffOf(amr)));
        Assert.Equal((0, 4), (merged.Exclusions["in_open_task"], merged.Strata.Single(s => s.Label == "A").CandidateCount));
        var own = await Draws.PreviewDrawAsync(new PrepareDrawRequest(previewed) { TaskId = open }, As(Scenario.StaffOf(amr)));
        Assert.Equal(0, own.Exclusions["in_open_task"]);

        // When the task closes (the tasks service's message), its entities are free again.
        await platform.Directories.Services.GetRequiredService<IBus>().Publish(new TaskEntitiesChanged(open, platform.Clock.GetUtcNow()));
        var freed = await Eventually.Get(() => Draws.PreviewDrawAsync(previewed, As(Scenario.StaffOf(amr))).ResponseAsync,
            p => p.Exclusions["in_open_task"] == 0, "the closed task at the draw engine");
        Assert.Equal(4, freed.Strata.Single(s => s.Label == "A").CandidateCount);
    }

    [Fact]
    public async Task Each_department_matches_its_own_eligible_inspectors_and_the_matches_join_the_public_record()
    {
        var (amr, eeb, active) = await County("130304", 3);
        var drawnD = active[6..9]; // the D stratum: all three are drawn
        const string header = "inspector_id,name,certificate_no,certificate_valid_from,certificate_valid_to,region,status,conflicts";
        await platform.Upload(amr, "inspectors", string.Join("\n", header,
            "I1,张明,冀执001,2021-01-01,2030-12-31,130304,active,", "I2,李华,冀执002,2021-01-01,2030-12-31,130304,active,",
            "I3,王强,冀执003,2021-01-01,2030-12-31,130304,on_leave,", "I4,赵敏,冀执004,2019-01-01,2022-12-31,130304,active,") + "\n");
        await platform.Upload(eeb, "inspectors", string.Join("\n", header,
            $"E1,钱进,冀执101,2021-01-01,2030-12-31,130304,active,{string.Join(";", drawnD)}", "E2,孙丽,冀执102,2021-01-01,2030-12-31,130304,active,") + "\n");
        var store = platform.Draws.Services.GetRequiredService<IDocumentStore>();
        await Eventually.Get(async () =>
        {
            await using var query = store.QuerySession();
            return await query.Query<Shuangsuiji.Draws.Matching.DrawInspector>().Where(i => i.DepartmentId == amr || i.DepartmentId == eeb).CountAsync();
        }, n => n == 6, "the inspectors at the draw engine");

        var task = await ceremony.ReadyTask(amr, [eeb]);
        var prepared = await ceremony.Prepare(Request(task), As(Scenario.StaffOf(amr)));
        var id = prepared.DrawId;
        var match = new MatchInspectorsRequest { DrawId = id, DepartmentId = amr, CheckFrom = "2026-12-01", CheckTo = "2026-12-20", TeamSize = 1 };
        Assert.Equal(StatusCode.FailedPrecondition, await Fails(() => Draws.MatchInspectorsAsync(match, As(Scenario.StaffOf(amr))).ResponseAsync));
        await ceremony.Execute(prepared);

        Assert.Equal(StatusCode.PermissionDenied, await Fails(() => Draws.MatchInspectorsAsync(match, As(Scenario.StaffOf(eeb))).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(() => Draws.MatchInspectorsAsync(
            new MatchInspectorsRequest(match) { TeamSize = 0 }, As(Scenario.StaffOf(amr))).ResponseAsync));
        var byAmr = await Draws.MatchInspectorsAsync(match, As(Scenario.StaffOf(amr)));
        Assert.Equal((id, amr, 4), (byAmr.DrawId, byAmr.DepartmentId, byAmr.Teams)); // one B entity and the three D entities
        Assert.Empty(byAmr.Failures);
        var amrTeams = (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = id }, As(Scenario.StaffOf(amr)))).Teams.Where(t => t.DepartmentId == amr).ToList();
        Assert.Equal(4, amrTeams.Count); // in draw order
        Assert.All(amrTeams, t => Assert.Contains(Assert.Single(t.InspectorIds), new[] { "I1", "I2" })); // I3 on leave, I4's certificate expired
        Assert.Equal(StatusCode.FailedPrecondition, await Fails(() => Draws.MatchInspectorsAsync(match, As(Scenario.StaffOf(amr))).ResponseAsync));

        // A member replaced by the same rules: the only other eligible AMR inspector, with the reason recorded.
        var team = amrTeams[0];
        var leaving = team.InspectorIds.Single();
        var replace = new ReplaceInspectorRequest { DrawId = id, DepartmentId = amr, Uscc = team.Uscc, InspectorId = leaving };
        Assert.Equal(StatusCode.InvalidArgument, await Fails(() => Draws.ReplaceInspectorAsync(replace, As(Scenario.StaffOf(amr))).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Fails(() => Draws.ReplaceInspectorAsync(
            new ReplaceInspectorRequest(replace) { InspectorId = "I3", Reason = "病假" }, As(Scenario.StaffOf(amr))).ResponseAsync));
        var replaced = await Draws.ReplaceInspectorAsync(new ReplaceInspectorRequest(replace) { Reason = "检查人员病假" }, As(Scenario.StaffOf(amr)));
        Assert.Equal([leaving == "I1" ? "I2" : "I1"], replaced.Teams.Single(t => t.DepartmentId == amr && t.Uscc == team.Uscc).InspectorIds);

        // The tasks service learns every team, the replacement included, and takes a result's inspectors from them only.
        var tasks = platform.Tasks.Services.GetRequiredService<IDocumentStore>();
        async Task<Dictionary<string, IReadOnlyList<string>>> TeamsAtTasks()
        {
            await using var query = tasks.QuerySession();
            return (await query.Query<Shuangsuiji.Tasks.Results.InspectorTeam>().Where(t => t.TaskId == task && t.DepartmentId == amr && t.DrawId == id)
                .ToListAsync()).ToDictionary(t => t.Id.Split('|')[2], t => t.InspectorIds);
        }
        var atTasks = await Eventually.Get(TeamsAtTasks, t => t.Count == 4 && t[team.Uscc].SequenceEqual([leaving == "I1" ? "I2" : "I1"]),
            "the teams and the replacement at the tasks service");
        Assert.All(amrTeams.Skip(1), t => Assert.Equal(t.InspectorIds, atTasks[t.Uscc]));

        var byEeb = await Draws.MatchInspectorsAsync(new MatchInspectorsRequest(match) { DepartmentId = eeb, WorkloadCap = 2 }, As(Scenario.StaffOf(eeb)));
        var eebTeams = (await Draws.GetDrawAsync(new GetDrawRequest { DrawId = id }, As(Scenario.StaffOf(eeb)))).Teams.Where(t => t.DepartmentId == eeb).ToList();
        Assert.All(eebTeams.Where(t => drawnD.Contains(t.Uscc) && t.Failure == ""), t => Assert.Equal(["E2"], t.InspectorIds)); // E1 is recused
        Assert.All(eebTeams.GroupBy(t => t.InspectorIds.SingleOrDefault()).Where(g => g.Key is not null), g => Assert.InRange(g.Count(), 1, 2));
        var failed = eebTeams.Where(t => t.Failure != "").ToList();
        Assert.NotEmpty(failed); // E2 reaches the cap of two before the third D entity
        Assert.All(failed, t => Assert.Equal($"only 0 eligible inspector(s) of {eeb}, 1 needed", t.Failure));
        Assert.Equal(failed.Select(t => t.Uscc), byEeb.Failures.Select(t => t.Uscc));
        Assert.Equal(eebTeams.Count - failed.Count, byEeb.Teams);

        // Both departments' teams have reached the tasks service, which has recorded both matches; once the bureau has
        // entered its result for the entity, the draw engine (asking the tasks service) keeps its inspectors there.
        var staff = As(Scenario.StaffOf(amr));
        await Eventually.Get(() => Tasks.GetTaskAsync(new Api.Tasks.V1.GetTaskRequest { TaskId = task }, staff).ResponseAsync,
            t => t.Status == Api.Tasks.V1.TaskStatus.Matched, "both matches on the task");
        await Tasks.StartChecksAsync(new Api.Tasks.V1.TaskCommandRequest { TaskId = task }, staff);
        var member = replaced.Teams.Single(t => t.DepartmentId == amr && t.Uscc == team.Uscc).InspectorIds[0];
        await Tasks.SubmitResultAsync(new Api.Tasks.V1.ResultEntryRequest
        {
            TaskId = task, DepartmentId = amr, Uscc = team.Uscc,
            Entry = new Api.Tasks.V1.ResultEntry
            {
                CheckDates = { $"{platform.Today:yyyy-MM-dd}" }, Methods = { Api.Tasks.V1.CheckMethod.OnSite }, Categories = { Api.Tasks.V1.ResultCategory.NoProblem },
                Items = { new Api.Tasks.V1.ItemOutcome { ItemId = DrawCeremony.Item(amr), Checked = true } }, InspectorIds = { member },
            },
        }, staff);
        var late = await Assert.ThrowsAsync<RpcException>(() => Draws.ReplaceInspectorAsync(new ReplaceInspectorRequest(replace)
            { InspectorId = member, Reason = "又病了" }, staff).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        Assert.Contains("can no longer be replaced", late.Status.Detail);

        var (json, record, candidates) = await Download(id);
        Assert.Equal(8, record.Matches.Count);
        Assert.Equal(("检查人员病假", leaving), (Assert.Single(record.Replacements!).Reason, record.Replacements![0].Replaced));
        Assert.Empty(Verifier.Verify(record));
        Assert.DoesNotContain("张明", json); // inspectors by id only

        // The Python of docs/draw-verification.md replays the matches and the replacement too: a team or a replacement
        // that is not the one its seed draws fails there, by name.
        Assert.Equal(0, await Verified(json, candidates));
        Assert.Equal("the draw replays", await DocumentedPython.Replay(json, candidates));
        string Tampered(Action<System.Text.Json.Nodes.JsonObject> change)
        {
            var document = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            change(document);
            return document.ToJsonString();
        }
        var matched = record.Matches.Select((m, i) => (m, i)).First(x => x.m.Failure is null);
        var otherPick = matched.m.Picks[0] + matched.m.PoolSize; // beyond the pool: no seed draws it
        Assert.Equal($"exit 1: AssertionError: match {matched.m.DepartmentId} {matched.m.Uscc}", await DocumentedPython.Replay(
            Tampered(r => r["matches"]![matched.i]!["picks"]![0] = otherPick), candidates));
        var replacement = record.Replacements[0];
        Assert.Equal($"exit 1: AssertionError: replacement 1 of {replacement.DepartmentId} {replacement.Uscc}", await DocumentedPython.Replay(
            Tampered(r => r["replacements"]![0]!["pick"] = replacement.Pick + replacement.PoolSize), candidates));
    }
}

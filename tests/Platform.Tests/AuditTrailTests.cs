using System.Data;
using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Audit;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.ServiceDefaults.Messaging;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The audit trail through the gateway (who may read it, and that reading it is recorded) and the hash chain behind
/// it: an intact store verifies, and each kind of edit made directly in PostgreSQL is caught where it was made.
/// </summary>
public sealed class AuditTrailTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private Api.Tasks.V1.Tasks.TasksClient Tasks => new(platform.GatewayChannel);
    private Api.Audit.V1.AuditTrail.AuditTrailClient Audit => new(platform.GatewayChannel);
    private AuditLog TasksLog => platform.Tasks.Services.GetRequiredService<AuditLog>();

    private static readonly string Today = ChinaDate.Of(Start).ToString("yyyy-MM-dd");

    private static CallOptions Staff(string department) => As(Scenario.StaffOf(department));

    private static CallOptions Reviewer(string department) => As(new Caller($"reviewer-{department}", department, Roles.Reviewer));

    private static async Task<RpcException> Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    private GetHistoryRequest HistoryOf(string streamId) => new() { Service = "tasks", StreamId = streamId };

    /// <summary>A joint task outside the plan: created by the lead (versions 1), the partner invited (2) and its acceptance (3).</summary>
    private async Task<(string Id, string Lead, string Partner)> InvitedTask(string code, string? correlationId = null)
    {
        var (lead, partner) = (scenario.Id("130302-AMR"), scenario.Id("130302-EEB"));
        var id = (await Tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = scenario.Id(code), DepartmentId = lead, Name = "餐饮食品安全联合抽查", Items = { $"{lead}:HBSC-001" },
            Scope = new PlanScope { Divisions = { "130302" }, EntityTypes = { "enterprise" } }, Quotas = { new RiskQuota { RiskClass = "D", Count = 1 } },
            CheckFrom = Today, CheckTo = Today, Reason = "群众举报集中，计划外联合专项",
        }, As(Scenario.StaffOf(lead), correlationId))).TaskId;
        await Tasks.InviteDepartmentAsync(new InviteDepartmentRequest { TaskId = id, DepartmentId = partner, Items = { $"{partner}:HJ-001" } }, Staff(lead));
        await Tasks.AcceptInvitationAsync(new InvitationRequest { TaskId = id, DepartmentId = partner }, Staff(partner));
        return (id, lead, partner);
    }

    /// <summary>
    /// The invited task carried through every step to its close: approval, partners confirmed, the draw engine's draw
    /// (its message, attributed as the draw engine's relay attributes it: to the lead's staff who executed the draw),
    /// each department's match (recorded when the engine's teams arrive, attributed to who matched them), checks, and each department's entry, review and publication of its result.
    /// </summary>
    private async Task<(string Id, string Lead, string Partner)> ClosedJointTask(string correlationId)
    {
        var (id, lead, partner) = await InvitedTask("LH-AUDIT", correlationId);
        var task = new TaskCommandRequest { TaskId = id };
        await Tasks.ApproveTaskAsync(task, Reviewer(lead));
        await Tasks.ConfirmPartnersAsync(task, Staff(lead));
        var (uscc, bus) = (EntityFiles.NewCode(), platform.Directories.Services.GetRequiredService<IBus>());
        await bus.Publish(new TaskEntitiesDrawn("draw-audit", id, [lead, partner], [uscc], null, platform.Clock.GetUtcNow()), context =>
        {
            context.Headers.Set(RelayHeaders.User, Scenario.StaffOf(lead).UserId);
            context.Headers.Set(RelayHeaders.Department, lead);
            context.Headers.Set(RelayHeaders.Role, Roles.Staff);
        });
        await Eventually.Get(() => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = id }, Staff(lead)).ResponseAsync,
            t => t.Status == Api.Tasks.V1.TaskStatus.Drawn, "the draw on the task");
        var checking = new CheckingTasks(platform, scenario);
        foreach (var department in new[] { lead, partner })
            await checking.Matched(id, "draw-audit", department, [uscc], $"{department}-I1", $"{department}-I2");
        await Tasks.StartChecksAsync(task, Staff(lead));
        foreach (var (department, item) in new[] { (lead, $"{lead}:HBSC-001"), (partner, $"{partner}:HJ-001") })
        {
            await Tasks.SubmitResultAsync(new ResultEntryRequest
            {
                TaskId = id, DepartmentId = department, Uscc = uscc,
                Entry = new ResultEntry
                {
                    CheckDates = { Today }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                    Items = { new ItemOutcome { ItemId = item, Checked = true } }, InspectorIds = { $"{department}-I1", $"{department}-I2" },
                },
            }, Staff(department));
            await Tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = id, DepartmentId = department, Uscc = uscc }, Reviewer(department));
        }
        var steps = new[] { lead, partner }.Select(d => new DepartmentStepRequest { TaskId = id, DepartmentId = d }).ToArray();
        foreach (var step in steps) await Tasks.CompleteEntryAsync(step, Staff(step.DepartmentId));
        foreach (var step in steps) await Tasks.CompleteReviewAsync(step, Reviewer(step.DepartmentId));
        foreach (var step in steps) await Tasks.PublishResultsAsync(step, Staff(step.DepartmentId));
        await Tasks.CloseTaskAsync(new CloseTaskRequest { TaskId = id, ClosedOn = Today }, Staff(lead));
        return (id, lead, partner);
    }

    [Fact]
    public async Task The_audit_trail_of_a_joint_task_lists_every_step_in_order_with_its_actor_department_and_role()
    {
        var correlation = $"audit-{Guid.NewGuid():N}";
        var (id, lead, partner) = await ClosedJointTask(correlation);

        var history = await Audit.GetHistoryAsync(HistoryOf($"task:{id}"), As(Scenario.Office));
        (string, string, string, string) Step(string kind, string department, string role = Roles.Staff) =>
            (kind, $"{role}-{department}", department, role);
        Assert.Equal(
        [
            Step("task_created", lead), Step("partner_invited", lead), Step("invitation_accepted", partner),
            Step("task_approved", lead, Roles.Reviewer), Step("partners_confirmed", lead), Step("entities_drawn", lead),
            Step("department_inspectors_matched", lead), Step("department_inspectors_matched", partner), Step("checks_started", lead),
            Step("department_results_entered", lead), Step("department_results_entered", partner),
            Step("department_results_reviewed", lead, Roles.Reviewer), Step("department_results_reviewed", partner, Roles.Reviewer),
            Step("department_results_published", lead), Step("department_results_published", partner), Step("task_closed", lead),
        ], history.Events.Select(e => (e.Kind, e.Actor, e.Department, e.Role)));
        Assert.Equal(Enumerable.Range(1, 16).Select(v => (long)v), history.Events.Select(e => e.Version));
        Assert.True(history.Events.Zip(history.Events.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence && p.First.At <= p.Second.At));
        var created = history.Events[0];
        Assert.Equal((correlation, "群众举报集中，计划外联合专项"), (created.CorrelationId, created.Reason));
        Assert.StartsWith("request-id:", created.CausationId);
        Assert.Contains($"\"taskId\": \"{id}\"", created.Data);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(created.Data), created.DataLength);
        Assert.StartsWith("message:", history.Events[5].CausationId);
        Assert.Equal("", history.NextPageToken);

        // The same as JSON over HTTP, with a token only.
        using var office = platform.Http(Scenario.Office);
        using var json = JsonDocument.Parse(await office.GetStringAsync($"/v1/audit/tasks/history?streamId=task:{id}"));
        Assert.Equal(history.Events.Select(e => e.Kind), json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        using var anonymous = platform.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/v1/audit/tasks/history?streamId=task:{id}")).StatusCode);
    }

    [Fact]
    public async Task The_office_and_the_departments_that_appended_read_a_history_others_are_denied_and_every_read_is_recorded()
    {
        var (id, lead, partner) = await InvitedTask("LH-READ");
        var (stream, outsider) = ($"task:{id}", scenario.Id("130302-HEALTH"));

        var denied = await Fails(() => Audit.GetHistoryAsync(HistoryOf(stream), Staff(outsider)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains($"{outsider} has appended nothing to {stream}", denied.Status.Detail);
        var system = await Fails(() => Audit.GetHistoryAsync(HistoryOf(stream), As(new Caller("sys-1", lead, Roles.System))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, system.StatusCode);
        Assert.Contains("role system may not read it", system.Status.Detail);
        Assert.Equal(3, (await Audit.GetHistoryAsync(HistoryOf(stream), As(Scenario.Office))).Events.Count);
        // The partner appended one event (its acceptance) and reads the whole stream, a page at a time.
        var first = await Audit.GetHistoryAsync(new GetHistoryRequest(HistoryOf(stream)) { PageSize = 2 }, Staff(partner));
        var rest = await Audit.GetHistoryAsync(new GetHistoryRequest(HistoryOf(stream)) { PageToken = first.NextPageToken }, Staff(partner));
        Assert.Equal(["task_created", "partner_invited", "invitation_accepted"], first.Events.Concat(rest.Events).Select(e => e.Kind));
        Assert.Equal(StatusCode.NotFound, (await Fails(() => Audit.GetHistoryAsync(HistoryOf("task:none"), As(Scenario.Office)).ResponseAsync)).StatusCode);

        // A department's searches see what it appended; the office's see everything.
        // The store stamps its events by the real clock, not the platform's business clock.
        var search = new SearchEventsRequest { Service = "tasks", Kind = "invitation_accepted", From = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-1)) };
        Assert.Equal([(stream, partner)], (await Audit.SearchEventsAsync(search, Staff(partner))).Events.Select(e => (e.StreamId, e.Department)));
        Assert.Empty((await Audit.SearchEventsAsync(search, Staff(lead))).Events);
        var asked = await Fails(() => Audit.SearchEventsAsync(new SearchEventsRequest(search) { Department = lead }, Staff(partner)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, asked.StatusCode);
        Assert.StartsWith($"department: {partner} searches only the events it appended", asked.Status.Detail);
        var byOffice = await Audit.SearchEventsAsync(new SearchEventsRequest { Service = "tasks", Department = lead, Actor = Scenario.StaffOf(lead).UserId, PageSize = 1 },
            As(Scenario.Office));
        var next = await Audit.SearchEventsAsync(new SearchEventsRequest { Service = "tasks", Department = lead, PageToken = byOffice.NextPageToken, PageSize = 1 },
            As(Scenario.Office));
        Assert.Equal([("task_created", 1L), ("partner_invited", 2L)], byOffice.Events.Concat(next.Events).Select(e => (e.Kind, e.Version)));

        // Each read was recorded in the store read, attributed to the reader: the office's last one is this search.
        await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var officeReads = await query.Events.FetchStreamAsync(AuditTrailRead.StreamOf(Scenario.Office.DepartmentId));
        var read = Assert.IsType<AuditTrailRead>(officeReads[^1].Data);
        Assert.Equal(("tasks", AuditTrailRead.Search, lead, 1, Scenario.Office), (read.Service, read.Query, read.Department, read.Events, read.By));
        Assert.Equal(Scenario.Office.UserId, officeReads[^1].UserName);
        var partnerReads = (await query.Events.FetchStreamAsync(AuditTrailRead.StreamOf(partner))).Select(e => Assert.IsType<AuditTrailRead>(e.Data)).ToList();
        Assert.Equal([(AuditTrailRead.History, stream, 2), (AuditTrailRead.History, stream, 1), (AuditTrailRead.Search, null, 1)],
            partnerReads.Select(r => (r.Query, r.StreamId, r.Events)));

        // Reads of one department at the same moment are all recorded: in the directories' store (Marten's rich appends)
        // simultaneous appends to one stream collide, and the reads take turns.
        var directories = platform.Directories.Services.GetRequiredService<IDocumentStore>();
        async Task<int> OfficeReads()
        {
            await using var session = directories.QuerySession();
            return (await session.Events.FetchStreamAsync(AuditTrailRead.StreamOf(Scenario.Office.DepartmentId))).Count;
        }
        var before = await OfficeReads();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Audit.SearchEventsAsync(new SearchEventsRequest { Service = "directories" }, As(Scenario.Office)).ResponseAsync));
        Assert.Equal(before + 6, await OfficeReads());
    }

    [Fact]
    public async Task Bad_input_is_invalid_argument_naming_the_field()
    {
        async Task Invalid(string field, Func<Task> call)
        {
            var e = await Fails(call);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.StartsWith($"{field}:", e.Status.Detail);
        }
        var office = As(Scenario.Office);
        await Invalid("service", () => Audit.GetHistoryAsync(new GetHistoryRequest { Service = "portal", StreamId = "task:x" }, office).ResponseAsync);
        await Invalid("service", () => Audit.SearchEventsAsync(new SearchEventsRequest(), office).ResponseAsync);
        await Invalid("stream_id", () => Audit.GetHistoryAsync(new GetHistoryRequest { Service = "catalog" }, office).ResponseAsync);
        await Invalid("page_size", () => Audit.GetHistoryAsync(new GetHistoryRequest { Service = "draws", StreamId = "draw:x", PageSize = 5000 }, office).ResponseAsync);
        await Invalid("page_token", () => Audit.SearchEventsAsync(new SearchEventsRequest { Service = "directories", PageToken = "next" }, office).ResponseAsync);
        var moment = Timestamp.FromDateTime(new DateTime(2022, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        await Invalid("to", () => Audit.SearchEventsAsync(new SearchEventsRequest { Service = "disclosure", From = moment, To = moment }, office).ResponseAsync);
    }

    [Fact]
    public async Task An_intact_platform_verifies_and_audit_verify_says_so_in_one_line()
    {
        await InvitedTask("LH-INTACT");
        await Chained();
        var (output, errors) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await VerifyCommand.RunAsync(Stores(), output, errors, CancellationToken.None));
        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("audit-verify: every chain holds in directories, catalog, disclosure, draws, tasks: ", line);
        Assert.Matches(@": \d+ streams, \d+ events checked", line);
        Assert.Equal("", errors.ToString());
    }

    public static TheoryData<string, long, string, string> Edits => new()
    {
        // An event's data changed in place.
        { "data", 2, "update {events} set data = jsonb_set(data, '{items}', '[\"forged\"]') where stream_id = @stream and version = 2",
            "the event is not as it was chained" },
        // Who did it: the user and the department header.
        { "actor", 3, "update {events} set user_name = 'someone-else', headers = headers || '{\"department\": \"elsewhere\"}' where stream_id = @stream and version = 3",
            "the event is not as it was chained" },
        { "deleted", 2, "delete from {events} where stream_id = @stream and version = 2", "the event (sequence" },
        // A backdated event slipped in below the chain's checkpoint, where the chain has already passed.
        { "inserted", 4, """
            create temp table forged on commit drop as select * from {events} where stream_id = @stream and version = 3;
            update forged set seq_id = 0, id = gen_random_uuid(), version = 4;
            insert into {events} select * from forged
            """, "the event (sequence 0) has no chain row although the chain has passed it" },
        // The chain itself edited to hide an edit.
        { "chain row", 2, "update {chain} set event_hash = sha256(event_hash) where stream_id = @stream and version = 2",
            "the chain row does not follow from the one before it" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task An_edit_made_directly_in_postgresql_is_caught_naming_the_stream_and_version(string edit, long version, string sql, string problem)
    {
        var (id, _, _) = await InvitedTask($"LH-EDIT-{edit.Replace(' ', '-')}");
        var stream = $"task:{id}";
        await Chained();

        // The edit and the check in one transaction, rolled back after: the other tests see the store intact.
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        Assert.Empty((await ChainVerifier.VerifyAsync(connection, TasksLog, CancellationToken.None)).Breaks);
        await using (var command = new NpgsqlCommand(sql.Replace("{events}", TasksLog.Events).Replace("{chain}", TasksLog.Chain), connection))
        {
            command.Parameters.AddWithValue("stream", stream);
            await command.ExecuteNonQueryAsync();
        }
        var found = (await ChainVerifier.VerifyAsync(connection, TasksLog, CancellationToken.None)).Breaks;
        await transaction.RollbackAsync();

        var at = Assert.Single(found, b => b.StreamId == stream && b.Version == version && b.Problem.StartsWith(problem, StringComparison.Ordinal));
        Assert.StartsWith($"tasks {stream} version {version}: ", at.ToString());
        Assert.All(found, b => Assert.Equal(stream, b.StreamId));
    }

    [Fact]
    public async Task Audit_verify_exits_non_zero_on_an_edit_and_prints_the_service_stream_and_version()
    {
        var (id, _, _) = await InvitedTask("LH-CMD");
        var stream = $"task:{id}";
        await Chained();
        var log = TasksLog;
        await using var db = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        await using var original = db.CreateCommand($"select data::text from {log.Events} where stream_id = $1 and version = 1");
        original.Parameters.AddWithValue(stream);
        var data = (string)(await original.ExecuteScalarAsync())!;
        async Task SetData(string json)
        {
            await using var update = db.CreateCommand($"update {log.Events} set data = $2::jsonb where stream_id = $1 and version = 1");
            update.Parameters.AddWithValue(stream);
            update.Parameters.AddWithValue(json);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await SetData(data.Replace("计划外联合专项", "计划内常规抽查"));
        try
        {
            var output = new StringWriter();
            Assert.Equal(1, await VerifyCommand.RunAsync(Stores(), output, new StringWriter(), CancellationToken.None));
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"tasks {stream} version 1: the event is not as it was chained: its data, type, headers or metadata were changed in the database", lines[0]);
            Assert.StartsWith("audit-verify: 1 break(s) in tasks; ", lines[^1]);
        }
        finally
        {
            await SetData(data);
        }
        Assert.Equal(0, await VerifyCommand.RunAsync(Stores(), new StringWriter(), new StringWriter(), CancellationToken.None));
    }

    /// <summary>The five stores of this class's platform, as infra/dev.sh audit-verify names them (each in its schema here).</summary>
    private string[] Stores() =>
    [
        .. new[] { platform.Directories.Services, platform.Catalog.Services, platform.Disclosure.Services, platform.Draws.Services, platform.Tasks.Services }
            .Select(s => s.GetRequiredService<AuditLog>()).Select(log => $"{log.Service}/{log.Schema}={TestEnvironment.Postgres}"),
    ];

    /// <summary>Waits until the tasks store's chain has caught up with its log.</summary>
    private async Task Chained()
    {
        var log = TasksLog;
        await using var db = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        await Eventually.Get(async () =>
        {
            await using var command = db.CreateCommand($"""
                select coalesce((select last_seq_id from {log.Progression} where name = '{AuditLog.ChainWriterProgress}'), 0)
                       >= (select coalesce(max(seq_id), 0) from {log.Events})
                """);
            return (bool)(await command.ExecuteScalarAsync())!;
        }, caught => caught, "the chain catching up with the log");
    }
}

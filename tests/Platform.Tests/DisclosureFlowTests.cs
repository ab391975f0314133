using System.Text.Json;
using Grpc.Core;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PublicApi = Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Contracts.Supervision;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Disclosure.Results;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The public records of plans, tasks, results and handling results (一公开), projected by the disclosure service from
/// the facts other services publish, read at the gateway without a token: search, export in order, timeliness,
/// privacy, and a rebuild from disclosure's own log.
/// </summary>
public sealed class DisclosureFlowTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private IBus Bus => platform.Directories.Services.GetRequiredService<IBus>();
    private static readonly DateOnly Today = ChinaDate.Of(PlatformFixture.Start);
    private static readonly PublicScope Haigang = new(["130302"], [], ["enterprise"], [], []);

    /// <summary>A department's task with three drawn entities, two results published (one on time, one late) and their names known.</summary>
    private async Task<(string Department, string TaskId, string[] Usccs)> PublishedTask(string code)
    {
        var department = scenario.Id("130302-AMR");
        var taskId = scenario.Id(code);
        var usccs = new[] { EntityFiles.NewCode(), EntityFiles.NewCode(), EntityFiles.NewCode() };
        await Bus.Publish(new TaskEntitiesDrawn($"draw-{code}", taskId, [department], usccs, null, platform.Clock.GetUtcNow(),
            Names: [.. usccs.Select((u, i) => new DrawnEntityName(u, $"秦皇岛海港区第{i + 1}餐饮有限公司", 1))]));
        PublicPlannedTask planned = new(1, "第一批", code, "餐饮服务食品安全抽查", [$"{department}:HBSC-004"], Haigang, [new PublicQuota("B", 5m, null)],
            Today.AddDays(-40), Today.AddDays(-2), false, department, []);
        await Bus.Publish(new PlanVersionPublished($"{department}:{Today.Year}", department, Today.Year, 1, [planned], null, platform.Clock.GetUtcNow()));
        await Bus.Publish(new PlanVersionPublished($"{department}:{Today.Year}", department, Today.Year, 2, [planned with { Name = "餐饮服务食品安全专项抽查" }],
            "上级部署专项整治", platform.Clock.GetUtcNow()));
        await Bus.Publish(new TaskAnnounced(taskId, "餐饮服务食品安全专项抽查", [new PublicTaskDepartment(department, [$"{department}:HBSC-004"])], Haigang,
            usccs.Length, Today.AddDays(-40), Today.AddDays(-30), Today.AddDays(-1), $"draw-{code}", $"{department}:{Today.Year}", code, platform.Clock.GetUtcNow()));
        await Bus.Publish(Result(department, taskId, usccs[0], ["no_problem"], Today.AddDays(-5), Today.AddDays(-1)));
        await Bus.Publish(Result(department, taskId, usccs[1], ["problem_pending"], Today, Today.AddDays(-1)) with { PendingReasons = ["undisclosed_information"] });
        await Eventually.Get(() => platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { DepartmentId = department }).ResponseAsync,
            r => r.Total == 2 && r.Results.All(x => x.EntityName != "" && x.TaskName != ""), "the published results with their names");
        return (department, taskId, usccs);
    }

    private static MarketEntityInfo Entity(string uscc, string name, string tag = "food/seller") =>
        new(uscc, name, "enterprise", "H62", "130302", "active", "130302-AMR", [tag], ["130300-AMR/licensed-food-businesses"], "B", Today, 1);

    private ResultPublished Result(string department, string taskId, string uscc, string[] categories, DateOnly publishedOn, DateOnly dueOn) =>
        new(taskId, department, uscc, [new PublicItemOutcome($"{department}:HBSC-004", true, categories[0] != "no_problem")], categories, [],
            Today.AddDays(-35), Today.AddDays(-34), publishedOn, dueOn, platform.Clock.GetUtcNow());

    private async Task<List<JsonElement>> Export(string query)
    {
        using var http = platform.Http();
        var response = await http.GetAsync($"/v1/public/results:export?{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.StartsWith("application/x-ndjson", response.Content.Headers.ContentType!.ToString());
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    [Fact]
    public async Task Plans_tasks_and_results_are_public_searchable_and_exported_in_the_order_they_became_public()
    {
        var (department, taskId, usccs) = await PublishedTask("ZX-P1");

        var plans = await Eventually.Get(() => platform.Public.ListPlansAsync(new PublicApi.ListPublicPlansRequest { DepartmentId = department }).ResponseAsync,
            p => p.Plans.Count == 1 && p.Plans[0].Versions.Count == 2, "both versions of the plan");
        Assert.Equal(("", "上级部署专项整治"), (plans.Plans[0].Versions[0].AdjustmentReason, plans.Plans[0].Versions[1].AdjustmentReason));
        Assert.Equal("餐饮服务食品安全专项抽查", plans.Plans[0].Versions[1].Tasks.Single().Name);
        var task = await platform.Public.GetTaskAsync(new PublicApi.GetPublicTaskRequest { TaskId = taskId });
        Assert.Equal((3, 2, "/v1/public/draws/draw-ZX-P1/record"), (task.EntityCount, task.ResultsPublished, task.DrawRecordPath));
        Assert.Single((await platform.Public.ListTasksAsync(new PublicApi.ListPublicTasksRequest { DepartmentId = department })).Tasks);

        // By USCC, by a fragment of the name, by date; a search needs something to look for.
        var byUscc = await platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Uscc = usccs[1].ToLowerInvariant() });
        var found = Assert.Single(byUscc.Results);
        Assert.Equal(("秦皇岛海港区第2餐饮有限公司", "餐饮服务食品安全专项抽查", "problem_pending", "undisclosed_information"),
            (found.EntityName, found.TaskName, found.Categories.Single(), found.PendingReasons.Single()));
        var byName = await platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Name = "海港区第1餐饮", DepartmentId = department });
        Assert.Equal(usccs[0], Assert.Single(byName.Results).Uscc);
        var byDate = await platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { DepartmentId = department, From = $"{Today:yyyy-MM-dd}" });
        Assert.Equal(usccs[1], Assert.Single(byDate.Results).Uscc);
        var byTask = await platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { TaskId = taskId });
        Assert.Equal(usccs[..2].Order(StringComparer.Ordinal), byTask.Results.Select(r => r.Uscc).Order(StringComparer.Ordinal));
        var nothing = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, nothing.StatusCode);

        // The export: every line once, in the order it became public; polling after the last cursor gives only what is new.
        var lines = (await Eventually.Get(() => Export("format=jsonl"), l => l.Count(x => x.GetProperty("taskId").GetString() == taskId) == 2,
            "the results in the export")).Where(x => x.GetProperty("taskId").GetString() == taskId).ToList();
        // Both results, each once, in the order of their cursors (the two facts were consumed side by side: either may come first).
        Assert.Equal(usccs[..2].Order(StringComparer.Ordinal), lines.Select(l => l.GetProperty("uscc").GetString()).Order(StringComparer.Ordinal));
        Assert.True(lines[0].GetProperty("cursor").GetInt64() < lines[1].GetProperty("cursor").GetInt64());
        Assert.Equal("秦皇岛海港区第1餐饮有限公司", lines.Single(l => l.GetProperty("uscc").GetString() == usccs[0]).GetProperty("entityName").GetString());
        var last = (await Export("format=jsonl")).Max(l => l.GetProperty("cursor").GetInt64());
        Assert.Empty(await Export($"after={last}"));
        await Bus.Publish(new HandlingPublished(taskId, department, usccs[1], [new PublicHandlingStep("order_correction", Today, null),
            new PublicHandlingStep("corrected", Today, null)], Today, platform.Clock.GetUtcNow()));
        var handling = Assert.Single(await Eventually.Get(() => Export($"after={last}"), l => l.Count > 0, "the handling result in the export"));
        Assert.Equal(("handling", usccs[1], 2), (handling.GetProperty("kind").GetString(), handling.GetProperty("uscc").GetString(),
            handling.GetProperty("steps").GetArrayLength()));
        var searched = await platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Uscc = usccs[1] });
        Assert.Equal(["order_correction", "corrected"], searched.Results.Single().Handling.Select(h => h.Kind));

        using var http = platform.Http();
        var csv = await http.GetStringAsync($"/v1/public/results:export?format=csv&after={last}");
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.StartsWith("cursor,kind,task_id,department_id,uscc,entity_name,date", rows[0]);
        Assert.Contains("order_correction", rows[1]);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() =>
            platform.Public.ExportResultsAsync(new PublicApi.ExportPublicResultsRequest { Format = "xml" }).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Timeliness_counts_results_published_late_and_names_the_tasks_overdue()
    {
        var (department, taskId, _) = await PublishedTask("ZX-P2");
        var timeliness = await platform.Public.GetTimelinessAsync(new PublicApi.GetTimelinessRequest { DepartmentId = department });
        Assert.Equal((1, 1), (timeliness.PublishedOnTime, timeliness.PublishedLate));
        var overdue = Assert.Single(timeliness.Overdue);
        Assert.Equal((taskId, 3, 2), (overdue.TaskId, overdue.Entities, overdue.Published));
        Assert.Empty(timeliness.DueSoon);
    }

    /// <summary>
    /// Every message type of the contracts, with what must never be public filled in with a marker, through the real
    /// bus: no public answer and no table of the disclosure service holds a marker afterwards.
    /// </summary>
    [Fact]
    public async Task No_private_field_of_any_message_reaches_a_public_record_or_answer()
    {
        const string secret = "机密PRIVATE";
        var (department, taskId, usccs) = await PublishedTask("ZX-P3");
        var uscc = usccs[2];
        var now = platform.Clock.GetUtcNow();
        object[] messages =
        [
            new DepartmentChanged(department, 1, "created", "海港区市场监督管理局", "county", "130302", null,
                [new InternalUnitInfo("NB", $"{secret}内部科室")], false, null, null, null, now),
            new InspectionItemChanged($"{department}:HBSC-009", department, "HBSC-009", 1, "created",
                new ItemContentInfo("食品经营抽查", "general", "《食品安全法》", null, "检查内容", "实地核查", [], [], null), Today, null, now),
            new ItemClaimChanged($"{department}:HBSC-010", department, "HBSC-010", "130300-AMR:HBSC-010", null, 1, "claimed", false, null, now),
            new FormTemplateChanged($"{department}:HBSC-009/basic", department, $"{department}:HBSC-009", "basic", "basic", "基础表",
                [new FormFieldInfo("k", "标签", "text", true, [])], 1, null, now),
            new InspectorChanged($"{secret}-I1", department, $"{secret}张三", $"{secret}科室", "active", Today, Today.AddYears(3), "130302",
                [$"{secret}/specialty"], [uscc], 1, now),
            new MarketEntitiesChanged([Entity(uscc, "秦皇岛海港区第3餐饮有限公司", $"{secret}/tag") with { Version = 2 }], "tags-changed", now),
            new RiskWarningsRaised([new RiskWarningInfo(uscc, "B", $"{secret}D", Today)], now),
            new TaskEntitiesDrawn($"draw-{secret}", taskId, [department], [uscc], null, now),
            new InspectorsAssigned($"draw-{secret}", taskId, department, [new AssignedTeam(uscc, [$"{secret}-I1", $"{secret}-I2"])], 1, now),
            new EntityInspected(uscc, $"{department}:HBSC-004", Today, taskId, [$"{secret}-I1"]),
            new TaskEntitiesChanged(taskId, now),
            new CreditRecordAdded($"rec-{secret}", uscc, CreditRecordAdded.Penalty, department, "秦海市监罚〔2026〕1号", Today, false, taskId, now),
            Result(department, taskId, uscc, ["no_problem"], Today, Today.AddDays(20)),
            new HandlingPublished(taskId, department, uscc, [new PublicHandlingStep("none", Today, null)], Today, now),
            new PlanVersionPublished($"{department}:{Today.Year}", department, Today.Year, 3, [], "再次调整", now),
            new TaskAnnounced(taskId, "餐饮服务食品安全专项抽查", [new PublicTaskDepartment(department, [])], Haigang, 3, Today, Today, null, "draw-3", null, null, now),
            // A joint-inspection item list is public whole, every version.
            new JointItemListPublished("130399", 1, [new JointItemInfo("J1", "联合抽查", [$"{department}:HBSC-009", "130302-HC:WS-001"], null)], null, now),
            // An office's circular (通报) is public whole: it carries nothing else.
            new CircularPublished($"ZX-{taskId}-1", $"ZX-{taskId}", "130300-OFFICE", "专项督查", Today, Today, "督查通报", "通报正文",
                [new CircularFindingInfo("F1", department, "未按时公示", "补充公示", Today)], null, Today, 4, now),
            // How the work stands is for the city office (a returned result, a follow-up, a return visit), never for the public.
            new TaskProgressed(taskId, 99, $"{secret}任务", "checking", [new TaskDepartmentProgress(department, "reviewed", 1, null)], null, null, true, 3,
                Today, Today, null, Today, Today, Today, null, now),
            new ResultProgressed($"{taskId}:{department}:{uscc}", 99, taskId, department, uscc, "returned", Today, null, Today, null, ["on_site"],
                ["problem_pending"], true, [$"{secret}"], null, now),
            new ReturnVisitProgressed($"rv-{secret}", 1, "130300-OFFICE", "drawn", [taskId], 1, 0, new Dictionary<string, int> { [secret] = 1 }, Today, null, now),
            new DrawNotRecorded($"draw-{secret}", taskId, department, $"{secret}任务不能记录该抽取", now),
            // The working-day calendar is public (GET /v1/public/holiday-notices); disclosure takes none of it.
            new HolidayNoticeChanged(2099, 1, "recorded", "2099年节假日安排（测试）", new DateOnly(2098, 11, 1), [new HolidayInfo("元旦", new(2099, 1, 1), new(2099, 1, 1))],
                [], null, now),
            new HolidayNoticesRequested("disclosure-tests", now),
            new DepartmentsRequested("disclosure-tests", now),
        ];
        // The test covers every message type there is: a new one fails it until it is added here.
        var types = typeof(TaskEntitiesDrawn).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Shuangsuiji.Contracts.") == true && t.IsPublic && t.GetProperty("At") is not null || t == typeof(EntityInspected))
            .ToHashSet();
        Assert.Empty(types.Except(messages.Select(m => m.GetType())));
        foreach (var message in messages) await Bus.Publish(message, message.GetType());

        // Positive control: the last public facts of this test arrived.
        await Eventually.Get(() => platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Uscc = uscc }).ResponseAsync,
            r => r.Results.Count == 1 && r.Results[0].HandlingClosedOn != "", "the third result and its handling");
        await Eventually.Get(() => platform.Public.ListPlansAsync(new PublicApi.ListPublicPlansRequest { DepartmentId = department }).ResponseAsync,
            p => p.Plans.Single().Versions.Count == 3, "the third plan version");

        using var http = platform.Http();
        foreach (var path in new[]
                 {
                     "/v1/public/departments", $"/v1/public/departments/{department}/items", $"/v1/public/departments/{department}/plans",
                     $"/v1/public/departments/{department}/tasks", $"/v1/public/tasks/{taskId}", $"/v1/public/results?uscc={uscc}",
                     $"/v1/public/results?departmentId={department}", "/v1/public/results:export", "/v1/public/results:export?format=csv",
                     $"/v1/public/departments/{department}/timeliness",
                 })
        {
            var answer = await http.GetStringAsync(path);
            Assert.DoesNotContain("PRIVATE", answer);
        }

        // Nor in any table of the disclosure service, records, log and export feed alike.
        var db = platform.Disclosure.Services.GetRequiredService<NpgsqlDataSource>();
        var schema = platform.Disclosure.Services.GetRequiredService<PublicTables>().Schema;
        var tables = new List<string>();
        await using (var list = db.CreateCommand($"select table_name from information_schema.tables where table_schema = '{schema}'"))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("entity_names", tables);
        foreach (var table in tables)
        {
            await using var scan = db.CreateCommand($"select count(*) from {schema}.{table} t where t::text like '%PRIVATE%'");
            Assert.True((long)(await scan.ExecuteScalarAsync())! == 0, $"{schema}.{table} holds a private value");
        }
    }

    [Fact]
    public async Task Dropping_the_public_records_and_replaying_disclosures_log_gives_the_same_records()
    {
        var (department, taskId, usccs) = await PublishedTask("ZX-P4");
        // The department and its item list are in the log too: an own item amended, and a claim.
        await Bus.Publish(new DepartmentChanged(department, 1, "created", "海港区市场监督管理局", "county", "130302", null, [], false, null, null, null, platform.Clock.GetUtcNow()));
        var content = new ItemContentInfo("食品经营者监督检查", "general", "《中华人民共和国食品安全法》第八十七条", null, "许可证照、进货查验", "实地核查", [], [], null);
        await Bus.Publish(new InspectionItemChanged($"{department}:HBSC-004", department, "HBSC-004", 1, "created", content, Today, null, platform.Clock.GetUtcNow()));
        await Bus.Publish(new InspectionItemChanged($"{department}:HBSC-004", department, "HBSC-004", 2, "amended", content with { Content = "许可证照、进货查验、贮存条件" },
            Today, "依法调整检查内容", platform.Clock.GetUtcNow()));
        await Bus.Publish(new ItemClaimChanged($"{department}:HBSC-001", department, "HBSC-001", "130300-AMR:HBSC-001", null, 1, "claimed", false, null, platform.Clock.GetUtcNow()));
        await Eventually.Get(() => platform.Public.ListItemsAsync(new PublicApi.ListPublicItemsRequest { DepartmentId = department }).ResponseAsync,
            l => l.Items.Count == 2 && l.Items.Any(i => i.Revisions.Count == 2), "the item list");
        await Bus.Publish(new HandlingPublished(taskId, department, usccs[1], [new PublicHandlingStep("clue_transferred", Today, "海港区市场监管综合执法队")],
            Today, platform.Clock.GetUtcNow()));
        await Eventually.Get(() => platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Uscc = usccs[1] }).ResponseAsync,
            r => r.Results.Single().HandlingClosedOn != "", "the handling result");
        await Eventually.Get(() => Export("format=jsonl"), l => l.Count(x => x.GetProperty("taskId").GetString() == taskId) == 3, "the export");

        async Task<string> Everything()
        {
            var search = await platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { DepartmentId = department });
            var plans = await platform.Public.ListPlansAsync(new PublicApi.ListPublicPlansRequest { DepartmentId = department });
            var task = await platform.Public.GetTaskAsync(new PublicApi.GetPublicTaskRequest { TaskId = taskId });
            var export = await Export("format=jsonl");
            var items = await platform.Public.ListItemsAsync(new PublicApi.ListPublicItemsRequest { DepartmentId = department });
            var departments = await platform.Public.ListDepartmentsAsync(new PublicApi.ListPublicDepartmentsRequest());
            return string.Join("\n", search.ToString(), plans.ToString(), task.ToString(), string.Join("\n", export.Select(e => e.GetRawText())),
                items.ToString(), departments.ToString());
        }
        var before = await Everything();

        var store = platform.Disclosure.Services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(PublicResult));
        await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(Shuangsuiji.Disclosure.ItemLists.PublicListItem));
        Assert.Equal(0, (await platform.Public.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { DepartmentId = department })).Total);
        Assert.Empty((await platform.Public.ListItemsAsync(new PublicApi.ListPublicItemsRequest { DepartmentId = department })).Items);
        Assert.True(await platform.Disclosure.Services.GetRequiredService<PublicRecordsRebuild>().RunAsync(CancellationToken.None) >= 4);
        Assert.Equal(before, await Everything());
    }
}

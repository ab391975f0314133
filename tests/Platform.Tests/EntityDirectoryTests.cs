using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>The entity directory through the gateway: imports with bad rows among good ones, idempotence, history, tags, risk, export.</summary>
public sealed class EntityDirectoryTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    private async Task<(string City, string County)> Bureaus()
    {
        var city = await scenario.Department("130300-AMR", DepartmentLevel.City, "130300");
        var county = await scenario.Department("130302-AMR", DepartmentLevel.County, "130302", city.DepartmentId);
        return (city.DepartmentId, county.DepartmentId);
    }

    private async Task<JsonElement> Upload(string department, string kind, HttpContent body, string query = "")
    {
        using var http = platform.Http(Scenario.StaffOf(department));
        var response = await http.PostAsync($"/v1/departments/{department}/imports?kind={kind}{query}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private MarketEntities.MarketEntitiesClient Entities => new(platform.GatewayChannel);

    [Fact]
    public async Task An_import_keeps_every_good_row_and_reports_each_bad_one_by_line()
    {
        var (city, county) = await Bureaus();
        string a = EntityFiles.NewCode(), b = EntityFiles.NewCode(), c = EntityFiles.NewCode();
        var wrongCheck = a[..17] + (a[17] == '0' ? '1' : '0');
        var csv = EntityFiles.Csv(
            EntityFiles.Row(a, county),                                  // line 2
            EntityFiles.Row(wrongCheck, county),                         // 3: check digit
            "\"broken,quoting,enterprise",                              // 4: unterminated quote
            EntityFiles.Row(b, "139999-NOPE"),                           // 5: unknown authority
            EntityFiles.Row(b, county, name: "昌黎葡萄酒有限公司"),        // 6
            EntityFiles.Row(a, county, name: "重复"),                      // 7: duplicate of line 2
            EntityFiles.Row(c, county));                                 // 8
        var job = await Upload(county, "entities", EntityFiles.Content(csv), "&fileName=haigang.csv");

        Assert.Equal("IMPORT_STATUS_COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal((7, 3, 4), (job.GetProperty("read").GetInt32(), job.GetProperty("added").GetInt32(), job.GetProperty("rejected").GetInt32()));
        var rejections = job.GetProperty("rejections").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([3, 4, 5, 7], rejections.Select(r => r.Item1));
        Assert.Contains("GB 32100-2015", rejections[0].Item2);
        Assert.Contains("unterminated", rejections[1].Item2);
        Assert.Contains("139999-NOPE", rejections[2].Item2);
        Assert.Contains("line 2", rejections[3].Item2);

        var entity = await Entities.GetEntityAsync(new GetEntityRequest { Uscc = b }, As(Scenario.StaffOf(city)));
        Assert.Equal(("昌黎葡萄酒有限公司", "海港区文化路1号, 2单元", county), (entity.Name, entity.Address, entity.RegisteringAuthority));
        var history = await Entities.GetEntityHistoryAsync(new GetEntityRequest { Uscc = b }, As(Scenario.StaffOf(city)));
        var registered = Assert.Single(history.Changes);
        Assert.Equal(("registered", job.GetProperty("jobId").GetString(), county), (registered.Change, registered.ImportJobId, registered.ByDepartment));
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing()
    {
        var (_, county) = await Bureaus();
        var codes = Enumerable.Range(0, 20).Select(_ => EntityFiles.NewCode()).ToList();
        var csv = EntityFiles.Csv([.. codes.Select(u => EntityFiles.Row(u, county))]);
        var first = await Upload(county, "entities", EntityFiles.Content(csv));
        var before = await Entities.GetEntityAsync(new GetEntityRequest { Uscc = codes[0] }, As(Scenario.StaffOf(county)));
        var second = await Upload(county, "entities", EntityFiles.Content(csv));
        var after = await Entities.GetEntityAsync(new GetEntityRequest { Uscc = codes[0] }, As(Scenario.StaffOf(county)));
        Assert.Equal(20, first.GetProperty("added").GetInt32());
        Assert.Equal((0, 0, 20), (second.GetProperty("added").GetInt32(), second.GetProperty("changed").GetInt32(), second.GetProperty("unchanged").GetInt32()));
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task A_large_import_streams_its_progress_batch_by_batch_and_publishes_compact_messages()
    {
        var (_, county) = await Bureaus();
        var received = new List<MarketEntitiesChanged>();
        var bus = platform.Directories.Services.GetRequiredService<IBus>();
        var listener = bus.ConnectReceiveEndpoint($"test-entities-{Guid.NewGuid():N}", e => e.Handler<MarketEntitiesChanged>(context =>
        {
            lock (received) received.Add(context.Message);
            return Task.CompletedTask;
        }));
        await listener.Ready;

        var codes = Enumerable.Range(0, 12_000).Select(_ => EntityFiles.NewCode()).Distinct().ToList();
        var csv = Encoding.UTF8.GetBytes(EntityFiles.Csv([.. codes.Select(u => EntityFiles.Row(u, county))]));
        var imports = new DirectoryImports.DirectoryImportsClient(platform.GatewayChannel);
        using var call = imports.Import(As(Scenario.StaffOf(county)));
        await call.RequestStream.WriteAsync(new ImportChunk { Header = new ImportHeader { DepartmentId = county, Kind = ImportKind.Entities, FileName = "big.csv" } });
        foreach (var chunk in csv.Chunk(32 * 1024)) await call.RequestStream.WriteAsync(new ImportChunk { Data = ByteString.CopyFrom(chunk) });
        await call.RequestStream.CompleteAsync();
        var progress = await call.ResponseStream.ReadAllAsync().ToListAsync();

        // Batches of at most 5,000 rows, each reported as it commits, then the summary.
        Assert.True(progress.Count >= 4, $"expected a message per batch and a summary, got {progress.Count}");
        var reads = progress.Select(p => p.Read).ToList();
        Assert.Equal(reads.Order(), reads);
        Assert.All(reads.Zip(reads.Skip(1)), p => Assert.InRange(p.Second - p.First, 0, 5_000));
        Assert.Equal((ImportStatus.Completed, codes.Count, codes.Count), (progress[^1].Status, progress[^1].Read, progress[^1].Added));

        var all = await Eventually.Get(() => Task.FromResult(received.ToList()),
            r => r.SelectMany(m => m.Entities).Select(e => e.Uscc).Intersect(codes).Count() == codes.Count, "every imported entity on the bus");
        Assert.True(all.Count(m => m.Entities.Any(e => codes.Contains(e.Uscc))) >= 3, "one message per batch, not per entity");
        var info = all.SelectMany(m => m.Entities).First(e => e.Uscc == codes[0]);
        Assert.Equal(("enterprise", "130302", "active", county, 1L), (info.Type, info.Division, info.Status, info.RegisteringAuthority, info.Version));
        Assert.Empty(info.Tags);
        await listener.StopAsync();
    }

    [Fact]
    public async Task Tags_come_from_the_library_and_a_retired_tag_cannot_be_given()
    {
        var (city, county) = await Bureaus();
        var province = await scenario.Department("130000-AMR", DepartmentLevel.Province, "130000");
        var tags = new TagLibrary.TagLibraryClient(platform.GatewayChannel);
        var category = scenario.Id("food");
        var asProvince = As(Scenario.StaffOf(province.DepartmentId));
        await tags.DefineTagCategoryAsync(new DefineTagCategoryRequest { Category = category, Name = "食品经营", Subject = TagSubject.Entity }, asProvince);
        await tags.AddTagAsync(new AddTagRequest { Category = category, Code = "catering", Name = "餐饮服务" }, asProvince);
        await tags.AddTagAsync(new AddTagRequest { Category = category, Code = "old", Name = "旧分类" }, asProvince);
        await tags.RetireTagAsync(new RetireTagRequest { Category = category, Code = "old", Reason = "标准修订" }, asProvince);
        var denied = await Assert.ThrowsAsync<RpcException>(() => tags.AddTagAsync(new AddTagRequest { Category = category, Code = "x", Name = "x" },
            As(Scenario.StaffOf(city))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var uscc = EntityFiles.NewCode();
        await Upload(county, "entities", EntityFiles.Content(EntityFiles.Csv(EntityFiles.Row(uscc, county))));
        var tagged = await Entities.TagEntityAsync(new TagEntityRequest { Uscc = uscc, Tag = $"{category}/catering" }, As(Scenario.StaffOf(city)));
        Assert.Equal([$"{category}/catering"], tagged.Tags);
        foreach (var bad in new[] { $"{category}/old", $"{category}/nope" })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => Entities.TagEntityAsync(new TagEntityRequest { Uscc = uscc, Tag = bad },
                As(Scenario.StaffOf(city))).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith("tag:", error.Status.Detail);
        }
        var found = await Entities.SearchEntitiesAsync(new SearchEntitiesRequest { Tag = $"{category}/catering" }, As(Scenario.StaffOf(city)));
        Assert.Equal([uscc], found.Entities.Select(e => e.Uscc));

        // A re-import that renames the entity tells the bus its whole state, tag included, not only the file's columns.
        var received = new List<MarketEntitiesChanged>();
        var listener = platform.Directories.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint($"test-entities-{Guid.NewGuid():N}",
            e => e.Handler<MarketEntitiesChanged>(context =>
            {
                lock (received) received.Add(context.Message);
                return Task.CompletedTask;
            }));
        await listener.Ready;
        await Upload(county, "entities", EntityFiles.Content(EntityFiles.Csv(EntityFiles.Row(uscc, county, name: "秦皇岛海港餐饮有限公司"))));
        var renamed = await Eventually.Get(() => Task.FromResult(received.SelectMany(m => m.Entities).Where(e => e.Uscc == uscc).ToList()),
            r => r.Any(e => e.Name == "秦皇岛海港餐饮有限公司"), "the renamed entity on the bus");
        // The relay publishes at least once: the same state may arrive twice, never two different ones.
        var state = renamed.Where(e => e.Name == "秦皇岛海港餐饮有限公司").DistinctBy(e => e.Version).Single();
        Assert.Equal([$"{category}/catering"], state.Tags);
        Assert.Equal(3, state.Version);
        await listener.StopAsync();
    }

    [Fact]
    public async Task A_monthly_risk_batch_sets_classes_and_warns_of_sharp_rises()
    {
        var (_, county) = await Bureaus();
        string low = EntityFiles.NewCode(), high = EntityFiles.NewCode();
        await Upload(county, "entities", EntityFiles.Content(EntityFiles.Csv(EntityFiles.Row(low, county), EntityFiles.Row(high, county))));
        await Upload(county, "risk_classes", EntityFiles.Content($"统一社会信用代码,风险等级,生效日期\n{low},A,2022-01-01\n{high},A,2022-01-01\n"));
        var batch = await Upload(county, "risk_classes", EntityFiles.Content($"uscc,risk_class,effective_on\n{low},B,2022-02-01\n{high},D,2022-02-01\n{high[..17]}X,C,2022-02-01\n"));
        Assert.Equal((2, 1), (batch.GetProperty("changed").GetInt32(), batch.GetProperty("rejected").GetInt32()));

        var entity = await Entities.GetEntityAsync(new GetEntityRequest { Uscc = high }, As(Scenario.StaffOf(county)));
        Assert.Equal(("D", "2022-02-01"), (entity.RiskClass, entity.RiskSince));
        Assert.Equal(["A", "D"], entity.RiskHistory.Select(p => p.RiskClass));
        var history = await Entities.GetEntityHistoryAsync(new GetEntityRequest { Uscc = high }, As(Scenario.StaffOf(county)));
        Assert.Equal(["registered", "risk-class-changed", "risk-class-changed", "risk-warning"], history.Changes.Select(c => c.Change));
        var lowHistory = await Entities.GetEntityHistoryAsync(new GetEntityRequest { Uscc = low }, As(Scenario.StaffOf(county)));
        Assert.DoesNotContain(lowHistory.Changes, c => c.Change == "risk-warning");
    }

    [Fact]
    public async Task A_county_cannot_change_another_countys_entities()
    {
        var (city, county) = await Bureaus();
        var other = await scenario.Department("130303-AMR", DepartmentLevel.County, "130303", city);
        var uscc = EntityFiles.NewCode();
        await Upload(county, "entities", EntityFiles.Content(EntityFiles.Csv(EntityFiles.Row(uscc, county))));
        var error = await Assert.ThrowsAsync<RpcException>(() => Entities.ChangeEntityStatusAsync(new ChangeEntityStatusRequest
        {
            Uscc = uscc, Status = RegistrationStatus.Revoked, Reason = "x", EffectiveOn = "2022-05-01",
        }, As(Scenario.StaffOf(other.DepartmentId))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var changed = await Entities.ChangeEntityStatusAsync(new ChangeEntityStatusRequest
        {
            Uscc = uscc, Status = RegistrationStatus.Revoked, Reason = "吊销营业执照", EffectiveOn = "2022-05-01",
        }, As(Scenario.StaffOf(city)));
        Assert.Equal(RegistrationStatus.Revoked, changed.Status);
    }

    [Fact]
    public async Task Xlsx_and_gb18030_files_import_and_an_export_imports_back_unchanged()
    {
        var (_, county) = await Bureaus();
        string x = EntityFiles.NewCode(), g = EntityFiles.NewCode();
        var workbook = new MemoryStream();
        await workbook.SaveAsAsync(new[]
        {
            new Dictionary<string, object> { ["统一社会信用代码"] = x, ["名称"] = "北戴河旅游服务有限公司", ["类型"] = "企业", ["行业"] = "L72",
                ["行政区划"] = "130302", ["住所"] = "海港区迎宾路", ["登记状态"] = "存续", ["登记机关"] = county },
        });
        var xlsx = await Upload(county, "entities", new ByteArrayContent(workbook.ToArray()), "&format=xlsx");
        Assert.Equal(1, xlsx.GetProperty("added").GetInt32());
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = await Upload(county, "entities", EntityFiles.Content(EntityFiles.Csv(EntityFiles.Row(g, county, name: "山海关长城食品厂")),
            Encoding.GetEncoding("GB18030")), "&encoding=gb18030");
        Assert.Equal(1, gb.GetProperty("added").GetInt32());
        Assert.Equal("山海关长城食品厂", (await Entities.GetEntityAsync(new GetEntityRequest { Uscc = g }, As(Scenario.StaffOf(county)))).Name);

        using var http = platform.Http(Scenario.StaffOf(county));
        var export = await http.GetAsync($"/v1/departments/{county}/entities:export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = await export.Content.ReadAsStringAsync();
        Assert.Contains(x, exported);
        Assert.Contains("北戴河旅游服务有限公司", exported);
        var again = await Upload(county, "entities", EntityFiles.Content(exported));
        Assert.Equal((0, 0, 2), (again.GetProperty("added").GetInt32(), again.GetProperty("changed").GetInt32(), again.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task A_file_without_the_needed_columns_is_refused_naming_the_header()
    {
        var (_, county) = await Bureaus();
        using var http = platform.Http(Scenario.StaffOf(county));
        var response = await http.PostAsync($"/v1/departments/{county}/imports?kind=entities", EntityFiles.Content("uscc,name\nx,y\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("header: line 1 has no column type", await response.Content.ReadAsStringAsync());

        // A kind of file the directories do not take is named in Chinese too, as every refusal is.
        response = await http.PostAsync($"/v1/departments/{county}/imports?kind=people", EntityFiles.Content("uscc,name\nx,y\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var localized = body.RootElement.GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.LocalizedMessage");
        Assert.Equal("kind：应为 entities（市场主体）、risk_classes（风险分类）、assignments（标签与分库）或 inspectors（检查人员）",
            localized.GetProperty("message").GetString());
    }
}

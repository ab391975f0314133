using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Checkpoints.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Disclosure.V1;
using Shuangsuiji.Demo;
using Shuangsuiji.Kernel;

// Loads the Qinhuangdao demo through the gateway, as an integrating system would, then reads the public
// item lists back from the gateway's JSON API. Safe to run again: what exists already is left as it is.
var grpcAddress = Environment.GetEnvironmentVariable("SSYG_GATEWAY_GRPC") ?? "http://127.0.0.1:55081";
var httpAddress = Environment.GetEnvironmentVariable("SSYG_GATEWAY_HTTP") ?? "http://127.0.0.1:55080";
var identityAddress = Environment.GetEnvironmentVariable("SSYG_IDENTITY") ?? "http://127.0.0.1:55100/";
var workbenchAddress = Environment.GetEnvironmentVariable("SSYG_WORKBENCH") ?? "http://127.0.0.1:55170/";

using var channel = GrpcChannel.ForAddress(grpcAddress);
var departments = new Departments.DepartmentsClient(channel);
var catalog = new Catalog.CatalogClient(channel);
Metadata As(string department, string role) => DevelopmentTokens.As($"demo-{role}-{department}", department, role);

int created = 0, existing = 0;
async Task Once(Func<Task> command)
{
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            await command();
            created++;
            return;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            existing++;
            return;
        }
        // The catalog learns of new departments over the bus, a moment after they are created: "not yet", with a delay.
        catch (RpcException e) when (attempt < 30 && Patience.NotYet(e, "DEPARTMENT_NOT_KNOWN") is { } delay)
        {
            await Task.Delay(delay);
        }
    }
}

Console.WriteLine($"Loading the Qinhuangdao demo through the gateway at {grpcAddress} …");
foreach (var d in DemoData.Departments)
    await Once(() => departments.CreateDepartmentAsync(new CreateDepartmentRequest
    {
        DepartmentId = d.Id, Name = d.Name, Level = d.Level, RegionCode = d.Region, ParentId = d.Parent ?? "",
        Units = { d.Units.Select(u => new InternalUnit { Code = u.Code, Name = u.Name }) },
        // The office of the leading group supervises the city's draws as their second party.
        Kind = d.Id == DemoData.Office ? DepartmentKind.Office : DepartmentKind.Member,
    }, As(DemoData.Office, Roles.Supervisor)).ResponseAsync);

foreach (var i in DemoData.Items)
    await Once(() => catalog.CreateItemAsync(new CreateItemRequest
    {
        DepartmentId = i.Department, Code = i.Code, EffectiveOn = "2022-01-01",
        Content = new ItemContent
        {
            Name = i.Name, Kind = i.Kind == "key" ? ItemKind.Key : ItemKind.General, LegalBasis = i.LegalBasis, Content = i.Content,
            Method = i.Method, EntityTypes = { i.EntityTypes }, Industries = { i.Industries }, InternalUnit = i.Unit ?? "",
            InternetPlusCode = $"HB-{i.Code}",
        },
    }, As(i.Department, Roles.Staff)).ResponseAsync);

foreach (var (department, source, key) in DemoData.CityClaims)
    await Once(() => catalog.ClaimItemAsync(new ClaimItemRequest
    {
        DepartmentId = department, SourceItemId = source, LocalKind = key ? ItemKind.Key : ItemKind.Unspecified,
    }, As(department, Roles.Staff)).ResponseAsync);

foreach (var county in DemoData.Departments.Where(d => d.Level == DepartmentLevel.County))
    foreach (var source in DemoData.CountyClaims)
        await Once(() => catalog.ClaimItemAsync(new ClaimItemRequest { DepartmentId = county.Id, SourceItemId = source },
            As(county.Id, Roles.Staff)).ResponseAsync);

// Dynamic adjustment: one item amended after a change of rules, one retired.
var amended = await catalog.GetItemAsync(new GetItemRequest { DepartmentId = "130000-AMR", Code = "HBSC-009" }, As("130000-AMR", Roles.Staff));
if (amended.Revisions.Count == 1)
{
    var content = amended.Content.Clone();
    content.Content = "亮照亮证、商品和服务信息公示、七日无理由退货、个人信息保护";
    await Once(() => catalog.AmendItemAsync(new AmendItemRequest
    {
        DepartmentId = "130000-AMR", Code = "HBSC-009", Content = content, Reason = "依据修订后的《网络交易监督管理办法》调整检查内容",
        EffectiveOn = "2022-05-01", ExpectedVersion = amended.Version,
    }, As("130000-AMR", Roles.Staff)).ResponseAsync);
}
var retired = await catalog.GetItemAsync(new GetItemRequest { DepartmentId = "130300-AGR", Code = "QHDNY-001" }, As("130300-AGR", Roles.Staff));
if (retired.Status != ItemStatus.Retired)
    await Once(() => catalog.RetireItemAsync(new RetireItemRequest
    {
        DepartmentId = "130300-AGR", Code = "QHDNY-001", Reason = "事项调整至省级清单统一实施", EffectiveOn = "2022-07-01",
    }, As("130300-AGR", Roles.Staff)).ResponseAsync);

await Once(() => catalog.DefineFormAsync(new DefineFormRequest
{
    DepartmentId = "130000-AMR", Code = "HBSC-005", FormCode = "basic", Name = "特种设备使用单位监督检查基础表",
    Fields =
    {
        new FormField { Key = "registered", Label = "设备是否办理使用登记", Type = FieldType.Boolean, Required = true },
        new FormField { Key = "inspection_due", Label = "下次定期检验日期", Type = FieldType.Date, Required = true },
        new FormField { Key = "finding", Label = "检查结论", Type = FieldType.Choice, Required = true, Options = { "未发现问题", "发现问题已责令改正", "发现问题待后续处理" } },
    },
}, As("130000-AMR", Roles.Staff)).ResponseAsync);
await Once(() => catalog.DefineFormAsync(new DefineFormRequest
{
    DepartmentId = "130300-AMR", Code = "HBSC-005", FormCode = "qhd-elevator", Name = "秦皇岛市电梯使用单位补充检查表",
    Fields = { new FormField { Key = "emergency_phone", Label = "电梯应急救援电话是否有效", Type = FieldType.Boolean, Required = true } },
}, As("130300-AMR", Roles.Staff)).ResponseAsync);
// The forms of the joint inspection's two items (一企一表): the province's basic food-business form (the district
// bureau fills it in for the item it claimed through the city), its own custom form, and the commission's form.
await Once(() => catalog.DefineFormAsync(new DefineFormRequest
{
    DepartmentId = "130000-AMR", Code = "HBSC-004", FormCode = "basic", Name = "食品经营者监督检查基础表",
    Fields =
    {
        new FormField { Key = "licence_displayed", Label = "是否在显著位置悬挂食品经营许可证", Type = FieldType.Boolean, Required = true },
        new FormField { Key = "storage", Label = "食品贮存条件", Type = FieldType.Choice, Required = true, Options = { "符合要求", "部分不符合", "不符合" } },
        new FormField { Key = "health_certificates", Label = "持健康证明上岗人数", Type = FieldType.Number, Required = false },
    },
}, As("130000-AMR", Roles.Staff)).ResponseAsync);
await Once(() => catalog.DefineFormAsync(new DefineFormRequest
{
    DepartmentId = "130302-AMR", Code = "HBSC-004", FormCode = "haigang-seaside", Name = "海港区沿海餐饮补充检查表",
    Fields = { new FormField { Key = "areas", Label = "检查区域", Type = FieldType.MultiChoice, Required = true, Options = { "后厨", "仓库", "餐厅", "外摆区" } } },
}, As("130302-AMR", Roles.Staff)).ResponseAsync);
await Once(() => catalog.DefineFormAsync(new DefineFormRequest
{
    DepartmentId = "130300-HWC", Code = "QHDWJ-001", FormCode = "basic", Name = "公共场所卫生监督检查表",
    Fields =
    {
        new FormField { Key = "hygiene_licence", Label = "卫生许可证是否有效", Type = FieldType.Boolean, Required = true },
        new FormField { Key = "disinfection", Label = "公共用品用具消毒记录", Type = FieldType.Choice, Required = true, Options = { "完整", "不完整", "无记录" } },
    },
}, As("130300-HWC", Roles.Staff)).ResponseAsync);
Console.WriteLine($"  {created} records created, {existing} already there.");

Console.WriteLine("Loading the directories (两库) through the import path …");
await new DirectoryDemo(channel, As, Once).LoadAsync();
var entities = new MarketEntities.MarketEntitiesClient(channel);
var sample = await entities.SearchEntitiesAsync(new SearchEntitiesRequest { Division = "130304", Tag = "tourism-season/scenic-area", PageSize = 3 },
    As("130300-AMR", Roles.Staff));

// The public side: wait until disclosure has projected every list, then show it from the JSON API.
using var http = new HttpClient { BaseAddress = new Uri(httpAddress) };
var expected = DemoData.Departments.Length;
JsonElement publicDepartments = default;
for (var attempt = 0; attempt < 100; attempt++)
{
    publicDepartments = await http.GetFromJsonAsync<JsonElement>("/v1/public/departments");
    if (publicDepartments.GetProperty("departments").GetArrayLength() >= expected
        && publicDepartments.GetProperty("departments").EnumerateArray().Any(d => d.GetProperty("departmentId").GetString() == "130324-AMR"
            && d.TryGetProperty("itemCount", out var n) && n.GetInt32() == DemoData.CountyClaims.Length)) break;
    await Task.Delay(200);
}
Console.WriteLine();
Console.WriteLine("Public item lists (一单), from the gateway's JSON API:");
foreach (var d in publicDepartments.GetProperty("departments").EnumerateArray())
    Console.WriteLine($"  {d.GetProperty("departmentId").GetString(),-14} {d.GetProperty("name").GetString(),-28} {(d.TryGetProperty("itemCount", out var c) ? c.GetInt32() : 0),3} items");

var cityList = await http.GetFromJsonAsync<JsonElement>("/v1/public/departments/130300-AMR/items?pageSize=100");
Console.WriteLine();
Console.WriteLine("秦皇岛市市场监督管理局 — 随机抽查事项清单:");
foreach (var item in cityList.GetProperty("items").EnumerateArray())
{
    var origin = item.GetProperty("origin").GetString() == "claimed" ? $"认领自{item.GetProperty("sourceDepartmentName").GetString()}" : "本级事项";
    var kind = item.GetProperty("kind").GetString() == "key" ? "重点" : "一般";
    Console.WriteLine($"  {item.GetProperty("code").GetString(),-10} [{kind}] {item.GetProperty("name").GetString()}  ({origin})");
}

Console.WriteLine();
Console.WriteLine("北戴河区 景区周边经营者 (from the entity directory, staff only):");
foreach (var e in sample.Entities)
    Console.WriteLine($"  {e.Uscc}  {e.Name}  风险等级 {(e.RiskClass == "" ? "-" : e.RiskClass)}  子库 {string.Join(" ", e.SubLibraries)}");

var licensedFood = DirectoryDemo.Entities.Count(e => e.Division == "130302" && e.Industry is "H62" or "F52" or "C13" or "C14");
var tasks = new TaskDemo(channel, As);
var taskId = await tasks.PrepareAsync();
var (recordPath, teams) = await new DrawDemo(channel, http, As).RunAsync(taskId, licensedFood, DirectoryDemo.InspectorCounts);
var problem = await tasks.InspectAsync(taskId, teams);

// 一公开: the results and the handling result reach the public records over the bus.
var publicRecords = new PublicRecords.PublicRecordsClient(channel);
var shown = await Patience.Until(() => publicRecords.SearchResultsAsync(new SearchPublicResultsRequest { Uscc = problem }).ResponseAsync,
    r => r.Results.Count == 2 && r.Results.Any(x => x.HandlingClosedOn != "") && r.Results.All(x => x.EntityName != ""),
    $"the public results of {problem} with its name (from the draw)");
Console.WriteLine($"  public record of {shown.Results[0].EntityName} ({problem}), no token needed:");
foreach (var r in shown.Results)
    Console.WriteLine($"    {r.DepartmentId}: {string.Join("、", r.Categories)}, checked {r.CheckedTo}, published {r.PublishedOn} (due {TaskDemo.Due(r.DueOn, r.DueOnProvisional)})"
                      + (r.Handling.Count == 0 ? "" : $"; handling {string.Join(" → ", r.Handling.Select(h => h.Kind))}, closed {r.HandlingClosedOn}"));
// What anyone sees without a token: the portal's search page, the task's page with its draw record, the export.
var portalResults = await http.GetStringAsync($"/portal/results?uscc={problem}");
var taskPage = await http.GetStringAsync($"/portal/tasks/{Uri.EscapeDataString(taskId)}");
// The export's feed is written by a subscription of its own, a moment after the records.
var exported = await Patience.Until(async () => (await http.GetStringAsync("/v1/public/results:export")).Split('\n').Count(line => line.Contains(problem)),
    lines => lines >= 3, $"the export's lines of {problem}");
if (!portalResults.Contains(shown.Results[0].EntityName) || !taskPage.Contains(recordPath))
    throw new InvalidOperationException($"the public side of {problem} is incomplete: portal page, task page with {recordPath}, {exported} export lines");
Console.WriteLine($"  the portal's result search shows {shown.Results[0].EntityName}; the task's page links its draw record {recordPath}; " +
                  $"the export holds {exported} lines of {problem}");
await new ReturnVisitDemo(channel, As).RunAsync(taskId);
await new SupervisionDemo(channel, As).RunAsync(TaskDemo.Lead, taskId);

// 审计检查点: the office has its notary sign a head over every store's chain rows now (it also does so hourly), and the
// disclosure service publishes it.
Console.WriteLine("The people: accounts at the identity service …");
var people = await AccountsDemo.RunAsync(channel.CreateCallInvoker(), As);
var head = await new Notary.NotaryClient(channel).CreateCheckpointAsync(new CreateCheckpointRequest(), As(DemoData.Office, Roles.Supervisor));
await Patience.Until(() => new PublishedCheckpoints.PublishedCheckpointsClient(channel).ListCheckpointsAsync(new ListCheckpointsRequest { PageSize = 1 }).ResponseAsync,
    r => r.Checkpoints.Any(c => c.TreeSize >= head.TreeSize), "the signed checkpoint published");
Console.WriteLine($"  checkpoint of the audit trail signed and published: {head.TreeSize} chain rows of the six stores, root {head.RootHash[..16]}…, " +
                  $"key {head.KeyId[..16]}… ({head.Algorithm})");

Console.WriteLine();
Console.WriteLine("Look for yourself (no token needed for public records):");
Console.WriteLine($"  open {httpAddress}/portal     (the public portal, 公示平台: item lists, plans, tasks with their draws, results, timeliness)");
Console.WriteLine($"  open {httpAddress}/portal/results?uscc={problem}     (the portal's search of the entity with a problem: its results and handling)");
Console.WriteLine($"  curl {httpAddress}/v1/public/departments");
Console.WriteLine($"  curl {httpAddress}/v1/public/departments/130300-AMR/items");
Console.WriteLine($"  curl {httpAddress}/v1/public/departments/130302-AMR/items/HBSC-001");
Console.WriteLine($"  curl {httpAddress}{recordPath} -o record.json     (the draw's public record; replay it: docs/draw-verification.md)");
Console.WriteLine($"  curl {httpAddress}/v1/public/results?uscc={problem}");
Console.WriteLine($"  curl '{httpAddress}/v1/public/results:export?format=csv'     (JSON Lines by default; docs/public-export.md)");
Console.WriteLine($"  curl {httpAddress}/v1/public/departments/130302-AMR/timeliness");
Console.WriteLine($"  open {httpAddress}/portal/checkpoints     (the audit trail's signed checkpoints, 审计检查点, and the public key)");
Console.WriteLine($"  infra/dev.sh audit-verify --checkpoint {httpAddress}/v1/public/checkpoints/latest     (the databases against the latest head)");
Console.WriteLine();
Console.WriteLine($"Work in the staff console (工作台) at {workbenchAddress} — it signs people in at {identityAddress}account/login (登录);");
Console.WriteLine("each person sets a password at the first sign-in; reviewers,");
Console.WriteLine("administrators and supervisors then enroll an authenticator app (TOTP) and keep their recovery codes:");
foreach (var (username, name, role, password) in people)
    Console.WriteLine($"  {username,-14} {password}   {role,-10} {name}");
Console.WriteLine("  The console signs people in there by OpenID Connect (an account with several roles chooses one); systems get tokens by");
Console.WriteLine("  client credentials (docs/architecture.md, Identity and Workbench).");
Console.WriteLine();
Console.WriteLine("  The city office's supervision (a token of the office: infra/dev.sh token --dept 130300-OFFICE --role supervisor):");
Console.WriteLine($"    curl -H \"authorization: Bearer $(infra/dev.sh token --dept 130300-OFFICE --role supervisor)\" '{httpAddress}/v1/supervision/targets?subject=region:130300&year=2022'");
Console.WriteLine($"    … {httpAddress}/v1/supervision/targets:chart?year=2022     (SVG chart of the city departments' target ratios)");
Console.WriteLine($"    … {httpAddress}/v1/supervision/reports/region:130302/2022-05:download     (附件1 as XLSX; ?format=csv)");
Console.WriteLine($"    … {httpAddress}/v1/supervision/reports/130300-AMR/2022-05:download     (附件2)");
Console.WriteLine($"    … {httpAddress}/v1/supervision/submissions/2022-05     (who has reported)");
Console.WriteLine($"  OpenAPI: {httpAddress}/swagger/v1/swagger.json    gRPC (reflection on): {grpcAddress}");
Console.WriteLine($"  A token for commands: infra/dev.sh token --dept 130300-AMR --role staff");
if (sample.Entities.Count > 0)
    Console.WriteLine($"  curl -H \"authorization: Bearer $(infra/dev.sh token --dept 130300-AMR --role staff)\" {httpAddress}/v1/entities/{sample.Entities[0].Uscc}");

using Grpc.Core;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Catalog.V1;
using Shuangsuiji.Api.Directories.V1;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Departments;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// Builds the departments and items a test needs, through the gateway. Every id carries a fresh suffix, so
/// tests sharing a class's platform never collide.
/// </summary>
public sealed class Scenario(PlatformFixture platform)
{
    /// <summary>The city office's supervisor (市双随机办, region 130300): reads the whole city.</summary>
    public static readonly Caller Office = new("office-zhang", "130300-OFFICE", Roles.Supervisor) { Region = "130300" };

    private readonly string suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public string Id(string code) => $"{code}-{suffix}";

    /// <summary>
    /// A department's staff, its token carrying the department's region as the identity service would: the tests' ids
    /// begin with it (130302-AMR-…).
    /// </summary>
    public static Caller StaffOf(string departmentId) => new($"staff-{departmentId}", departmentId, Roles.Staff) { Region = RegionOf(departmentId) };

    /// <summary>A county's office (县区双随机办) of <paramref name="region"/>: reads its county only.</summary>
    public static Caller CountyOffice(string region) => new($"office-{region}", $"{region}-OFFICE", Roles.Supervisor) { Region = region };

    public static string RegionOf(string departmentId) =>
        departmentId.Length > 6 && departmentId[6] == '-' && departmentId[..6].All(char.IsAsciiDigit) ? departmentId[..6] : "";

    public async Task<Department> Department(string code, DepartmentLevel level, string region, string? parentId = null, params InternalUnit[] units)
    {
        var request = new CreateDepartmentRequest
        {
            DepartmentId = Id(code), Name = $"{code} 部门", Level = level, RegionCode = region, ParentId = parentId ?? "", Units = { units },
        };
        return await platform.Departments.CreateDepartmentAsync(request, As(Office));
    }

    /// <summary>
    /// The city office as a department of kind office (made once per platform): the supervision service lets an office's
    /// supervisor read the figures of its region only, so it must know the office.
    /// </summary>
    public Task CityOffice() => OfficeDepartment(Office, DepartmentLevel.City, "秦皇岛市“双随机、一公开”监管改革领导小组办公室");

    /// <summary>
    /// A county's office (<see cref="CountyOffice(string)"/>) as a department of kind office (made once per platform): the
    /// tasks service scopes its supervisor by the office it knows. Returns the office's supervisor.
    /// </summary>
    public async Task<Caller> CountyOfficeDepartment(string region)
    {
        var office = CountyOffice(region);
        await OfficeDepartment(office, DepartmentLevel.County, $"{region} 双随机办");
        return office;
    }

    private async Task OfficeDepartment(Caller office, DepartmentLevel level, string name)
    {
        try
        {
            await platform.Departments.CreateDepartmentAsync(new CreateDepartmentRequest
            {
                DepartmentId = office.DepartmentId, Name = name, Level = level, RegionCode = office.Region, Kind = DepartmentKind.Office,
            }, As(Office));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
        }
    }

    /// <summary>
    /// Waits until the tasks service has heard of the departments (over the bus): who reads a department's plans, tasks and
    /// results there, and which office acts on them, goes by its own department tree.
    /// </summary>
    public Task KnownToTasks(params string[] departmentIds) => Eventually.Get(async () =>
    {
        await using var query = platform.Tasks.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await query.LoadManyAsync<KnownDepartment>(departmentIds)).Count;
    }, known => known == departmentIds.Length, $"{string.Join(", ", departmentIds)} at the tasks service");

    /// <summary>Province → city → county market regulation departments.</summary>
    public async Task<(Department Province, Department City, Department County)> Hierarchy()
    {
        var province = await Department("130000-AMR", DepartmentLevel.Province, "130000");
        var city = await Department("130300-AMR", DepartmentLevel.City, "130300", province.DepartmentId, new InternalUnit { Code = "XYJG", Name = "信用监督管理科" });
        var county = await Department("130302-AMR", DepartmentLevel.County, "130302", city.DepartmentId);
        return (province, city, county);
    }

    public static ItemContent Content(string name = "企业公示信息抽查") => new()
    {
        Name = name, Kind = ItemKind.General, LegalBasis = "《企业信息公示暂行条例》第十四条", Content = "企业年度报告公示信息的真实性",
        Method = "书面检查、实地核查", EntityTypes = { "enterprise" }, Industries = { "C", "F51" }, InternetPlusCode = "HB-SCJG-001",
    };

    /// <summary>Creates an item, once the catalog has heard of the department (it learns of it over the bus).</summary>
    public Task<InspectionItem> Item(string departmentId, string code, ItemContent? content = null, string effectiveOn = "2022-01-01") =>
        UntilKnown(() => platform.CatalogClient.CreateItemAsync(new CreateItemRequest
        {
            DepartmentId = departmentId, Code = code, Content = content ?? Content(), EffectiveOn = effectiveOn,
        }, As(StaffOf(departmentId))).ResponseAsync);

    public Task<InspectionItem> Claim(string departmentId, string sourceItemId, ItemKind localKind = ItemKind.Unspecified) =>
        UntilKnown(() => platform.CatalogClient.ClaimItemAsync(new ClaimItemRequest
        {
            DepartmentId = departmentId, SourceItemId = sourceItemId, LocalKind = localKind,
        }, As(StaffOf(departmentId))).ResponseAsync);

    /// <summary>
    /// Sends a command again while the answer is "not yet": a fact it needs has not arrived over the bus, and its error
    /// carries a RetryInfo. A client waits the delay it gives; a test asks again every 100 ms.
    /// </summary>
    public static async Task<T> UntilKnown<T>(Func<Task<T>> command)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await command();
            }
            catch (RpcException e) when (attempt < 100 && e.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>() is not null)
            {
                await Task.Delay(100);
            }
        }
    }
}

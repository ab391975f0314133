using Shuangsuiji.Directories.Departments;
using Shuangsuiji.ServiceDefaults.Grpc;
using static Shuangsuiji.Domain.Tests.Given;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Departments;

public sealed class DepartmentDeciderTests
{
    private static readonly Caller Office = new("office-1", "130300-OFFICE", Roles.Supervisor);
    private static readonly Department Hebei = State<Department>(
        new DepartmentCreated("130000-AMR", "河北省市场监督管理局", DepartmentLevel.Province, "130000", null, [], Office, Now));
    private static readonly Department Qinhuangdao = State<Department>(
        new DepartmentCreated("130300-AMR", "秦皇岛市市场监督管理局", DepartmentLevel.City, "130300", "130000-AMR", [], Office, Now));

    /// <summary>The city office's supervisor, its token carrying the city's region.</summary>
    private static CommandContext CityOffice => OfficeOf("130300");

    private static CommandContext OfficeOf(string region)
    {
        var office = As($"{region}-OFFICE", Roles.Supervisor);
        return office with { Caller = office.Caller with { Region = region } };
    }

    private static CreateDepartment City(string? parent = "130000-AMR", string region = "130300") =>
        new("130300-AMR", "秦皇岛市市场监督管理局", DepartmentLevel.City, region, parent, [new InternalUnit("XYJG", "信用监督管理科")]);

    [Fact]
    public void The_office_creates_a_city_department_under_its_province()
    {
        var created = Single<DepartmentCreated>(DepartmentDecider.Create(null, Hebei, City(), CityOffice));
        Assert.Equal(("130300-AMR", DepartmentLevel.City, "130000-AMR"), (created.DepartmentId, created.Level, created.ParentId));
        Assert.Equal("supervisor-130300-OFFICE", created.By.UserId);
        Assert.Equal(Now, created.At);
    }

    [Fact]
    public void Department_staff_may_not_create_departments() =>
        Assert.Throws<ForbiddenException>(() => DepartmentDecider.Create(null, Hebei, City(), As("130300-AMR")));

    [Theory]
    [InlineData("130000", "region_code")] // a province's code for a city
    [InlineData("13030", "region_code")]
    [InlineData("140300", "region_code")] // outside the parent province
    public void A_city_needs_a_city_code_within_its_parent(string region, string field)
    {
        var error = Assert.Throws<InvalidFieldException>(() =>
            DepartmentDecider.Create(null, Hebei, City(region: region), CityOffice));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void The_parent_must_be_one_level_up()
    {
        var command = new CreateDepartment("130302-AMR", "海港区市场监督管理局", DepartmentLevel.County, "130302", "130000-AMR", []);
        var error = Assert.Throws<InvalidFieldException>(() => DepartmentDecider.Create(null, Hebei, command, CityOffice));
        Assert.Equal("parent_id", error.Field);
        Assert.Contains("city", error.Message);
    }

    [Fact]
    public void An_existing_department_cannot_be_created_again() =>
        Assert.Throws<AlreadyExistsException>(() => DepartmentDecider.Create(Qinhuangdao, Hebei, City(), CityOffice));

    [Fact]
    public void Unit_codes_are_unique()
    {
        var command = City() with { Units = [new("A", "一科"), new("A", "二科")] };
        var error = Assert.Throws<InvalidFieldException>(() => DepartmentDecider.Create(null, Hebei, command, CityOffice));
        Assert.Equal("units", error.Field);
    }

    [Fact]
    public void Staff_keep_their_own_units_but_not_another_departments()
    {
        var added = Single<InternalUnitAdded>(DepartmentDecider.AddUnit(Qinhuangdao, new AddInternalUnit("130300-AMR", new("TZSB", "特种设备安全监察科")), As("130300-AMR")));
        Assert.Equal("TZSB", added.Unit.Code);
        Assert.Throws<ForbiddenException>(() =>
            DepartmentDecider.AddUnit(Qinhuangdao, new AddInternalUnit("130300-AMR", new("TZSB", "x")), As("130300-EEB")));
    }

    [Fact]
    public void A_retired_department_takes_no_more_changes()
    {
        var retired = State<Department>(
            new DepartmentCreated("130300-FDA", "秦皇岛市食品药品监督管理局", DepartmentLevel.City, "130300", null, [], Office, Now),
            new DepartmentRetired("130300-FDA", "130300-AMR", "机构改革并入市场监督管理局", new DateOnly(2019, 1, 1), Office, Now));
        Assert.True(retired.Retired);
        Assert.Equal("130300-AMR", retired.SuccessorId);
        Assert.Equal(2, retired.Version);
        var error = Assert.Throws<RuleViolationException>(() => DepartmentDecider.Rename(
            retired, new RenameDepartment("130300-FDA", "新名称", "更名", new DateOnly(2020, 1, 1)), CityOffice));
        Assert.Contains("retired", error.Message);
    }

    [Fact]
    public void A_department_cannot_succeed_itself() =>
        Assert.Equal("successor_id", Assert.Throws<InvalidFieldException>(() => DepartmentDecider.Retire(
            Qinhuangdao, Qinhuangdao, new RetireDepartment("130300-AMR", "改革", new DateOnly(2023, 1, 1), "130300-AMR"),
            CityOffice)).Field);

    [Fact]
    public void Renaming_to_the_same_name_is_refused() =>
        Assert.Equal("name", Assert.Throws<InvalidFieldException>(() => DepartmentDecider.Rename(
            Qinhuangdao, new RenameDepartment("130300-AMR", "秦皇岛市市场监督管理局", "无", new DateOnly(2023, 1, 1)),
            CityOffice)).Field);

    [Fact]
    public void A_county_office_keeps_the_departments_of_its_county_only()
    {
        var haigang = new CreateDepartment("130302-AMR", "海港区市场监督管理局", DepartmentLevel.County, "130302", "130300-AMR", []);
        Single<DepartmentCreated>(DepartmentDecider.Create(null, Qinhuangdao, haigang, OfficeOf("130302")));
        var shanhaiguan = haigang with { DepartmentId = "130303-AMR", RegionCode = "130303" };
        Assert.Equal("OFFICE_ONLY", Assert.Throws<ForbiddenException>(() => DepartmentDecider.Create(null, Qinhuangdao, shanhaiguan, OfficeOf("130302"))).Reason.Code);
        Assert.Throws<ForbiddenException>(() => DepartmentDecider.Rename(Qinhuangdao,
            new RenameDepartment("130300-AMR", "新名称", "更名", new DateOnly(2022, 1, 1)), OfficeOf("130302")));
        // An office whose token names no region is not taken for the city's.
        Assert.Throws<ForbiddenException>(() => DepartmentDecider.Create(null, Qinhuangdao, haigang, As("130300-OFFICE", Roles.Supervisor)));
        Single<DepartmentCreated>(DepartmentDecider.Create(null, Qinhuangdao, shanhaiguan, CityOffice));
    }
}

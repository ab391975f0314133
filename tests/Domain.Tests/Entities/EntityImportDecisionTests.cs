using Shuangsuiji.Directories.Departments;
using Shuangsuiji.Directories.Entities;
using static Shuangsuiji.Domain.Tests.Given;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Entities;

public sealed class EntityImportDecisionTests
{
    private static readonly Caller Office = new("o", "130300-OFFICE", Roles.Supervisor);

    public static readonly DepartmentTree Departments = new(new[]
    {
        State<Department>(new DepartmentCreated("130300-AMR", "秦皇岛市市场监督管理局", DepartmentLevel.City, "130300", null, [], Office, Now)),
        State<Department>(new DepartmentCreated("130302-AMR", "海港区市场监督管理局", DepartmentLevel.County, "130302", "130300-AMR", [], Office, Now)),
        State<Department>(new DepartmentCreated("130303-AMR", "山海关区市场监督管理局", DepartmentLevel.County, "130303", "130300-AMR", [], Office, Now)),
    }.ToDictionary(d => d.Id));

    public static string Code(int n) => SocialCreditCode.WithCheck($"91130302MA{n:D7}");

    private static EntityInput Row(int n, string name = "秦皇岛港口贸易有限公司", string authority = "130302-AMR", string division = "130302") =>
        new(Code(n), name, "enterprise", "F51", division, "海港区文化路1号", "active", authority);

    private static MarketEntity Existing(EntityInput row)
    {
        var (uscc, data, status) = row.Check(Departments, Departments.Scope("130300-AMR"));
        return new MarketEntity(uscc, data, status, [], [], [], 1, 42, Now);
    }

    private static BatchOutcome<ImportedEntity> Import(IReadOnlyList<(int, EntityInput)> rows, params MarketEntity[] current) =>
        EntityDecider.Import(rows, current.ToDictionary(e => e.Uscc), Departments, Departments.Scope("130302-AMR"), _ => false);

    [Fact]
    public void New_rows_are_added_changed_ones_updated_same_ones_left()
    {
        var outcome = Import([(2, Row(1)), (3, Row(2, name: "新名称")), (4, Row(3))], Existing(Row(2)), Existing(Row(3)));
        Assert.Equal([(Code(1), true), (Code(2), false)], outcome.Changes.Select(c => (c.Uscc, c.New)));
        Assert.Equal(1, outcome.Unchanged);
        Assert.Empty(outcome.Rejected);
    }

    [Fact]
    public void Bad_rows_are_rejected_with_their_line_and_the_good_ones_kept()
    {
        var badCode = Row(4) with { Uscc = Code(4)[..17] + (Code(4)[17] == '0' ? "1" : "0") };
        var outcome = Import([(2, Row(1)), (3, badCode), (4, Row(5) with { Type = "company" }), (5, Row(6))]);
        Assert.Equal([Code(1), Code(6)], outcome.Changes.Select(c => c.Uscc));
        Assert.Equal([3, 4], outcome.Rejected.Select(r => r.Line));
        Assert.Contains("GB 32100-2015", outcome.Rejected[0].Reason);
        Assert.StartsWith("type:", outcome.Rejected[1].Reason);
    }

    [Fact]
    public void A_second_row_for_the_same_entity_is_a_duplicate()
    {
        var outcome = Import([(2, Row(1)), (7, Row(1, name: "另一个名称"))]);
        Assert.Single(outcome.Changes);
        Assert.Equal(7, Assert.Single(outcome.Rejected).Line);
        Assert.Contains("first on line 2", outcome.Rejected[0].Reason);
    }

    [Fact]
    public void A_county_bureau_cannot_import_another_countys_entities()
    {
        var outcome = Import([(2, Row(1, authority: "130303-AMR", division: "130303"))]);
        Assert.Contains("130303-AMR", Assert.Single(outcome.Rejected).Reason);
    }

    [Fact]
    public void The_division_must_lie_in_the_authoritys_region() =>
        Assert.StartsWith("division:", Assert.Single(Import([(2, Row(1, division: "130303"))]).Rejected).Reason);

    [Fact]
    public void A_risk_rise_into_the_highest_class_raises_a_warning()
    {
        var entity = Existing(Row(1)) with { RiskHistory = [new RiskClassPeriod("B", new DateOnly(2022, 1, 1))] };
        var events = EntityDecider.ChangeRiskClass(entity, entity.Uscc, "D", new DateOnly(2022, 3, 1), RiskClasses.Default, Departments, As("130302-AMR"));
        Assert.IsType<RiskClassChanged>(events[0]);
        var warning = Assert.IsType<RiskWarningRaised>(events[1]);
        Assert.Equal(("B", "D"), (warning.From, warning.To));
    }
}

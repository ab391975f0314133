using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Departments;
using Shuangsuiji.Tasks.Departments;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>Province → city → county market bureaus, the city's health commission, the city office and two county offices.</summary>
public sealed class DepartmentTreeTests
{
    public static readonly DepartmentTree Tree = new(
    [
        new KnownDepartment("130000-AMR", "河北省市场监督管理局", "province", "130000", null, false, false, 1),
        new KnownDepartment("130300-AMR", "秦皇岛市市场监督管理局", "city", "130300", "130000-AMR", false, false, 1),
        new KnownDepartment("130302-AMR", "海港区市场监督管理局", "county", "130302", "130300-AMR", false, false, 1),
        new KnownDepartment("130303-AMR", "山海关区市场监督管理局", "county", "130303", "130300-AMR", false, false, 1),
        new KnownDepartment("130300-HWC", "秦皇岛市卫生健康委员会", "city", "130300", null, false, false, 1),
        new KnownDepartment("130300-OFFICE", "秦皇岛市双随机办", "city", "130300", null, true, false, 1),
        new KnownDepartment("130302-OFFICE", "海港区双随机办", "county", "130302", null, true, false, 1),
        new KnownDepartment("130303-OFFICE", "山海关区双随机办", "county", "130303", null, true, true, 2),
    ]);

    private static Caller Staff(string department) => new($"staff-{department}", department, Roles.Staff);

    private static Caller Supervisor(string office) => new($"supervisor-{office}", office, Roles.Supervisor);

    [Fact]
    public void The_departments_above_in_the_same_system_read_those_below_and_no_one_else_does()
    {
        Assert.True(Tree.MayRead(Staff("130300-AMR"), "130302-AMR"));
        Assert.True(Tree.MayRead(Staff("130000-AMR"), "130302-AMR")); // the parent's parent
        Assert.True(Tree.MayRead(Staff("130302-AMR"), "130302-AMR"));
        Assert.False(Tree.MayRead(Staff("130302-AMR"), "130300-AMR")); // not upwards
        Assert.False(Tree.MayRead(Staff("130303-AMR"), "130302-AMR")); // nor sideways
        Assert.False(Tree.MayRead(Staff("130300-HWC"), "130302-AMR")); // another system
        Assert.False(Tree.MayRead(Staff("130300-AMR"), "130300-HWC"));
    }

    [Fact]
    public void An_office_supervises_its_region_only()
    {
        Assert.True(Tree.MayRead(Supervisor("130300-OFFICE"), "130302-AMR"));
        Assert.True(Tree.MayRead(Supervisor("130300-OFFICE"), "130300-HWC"));
        Assert.True(Tree.MayRead(Supervisor("130302-OFFICE"), "130302-AMR"));
        Assert.False(Tree.MayRead(Supervisor("130302-OFFICE"), "130303-AMR"));
        Assert.False(Tree.MayRead(Supervisor("130302-OFFICE"), "130300-AMR"));
        Assert.False(Tree.MayRead(Supervisor("130303-OFFICE"), "130303-AMR")); // retired
        Assert.False(Tree.MayRead(Staff("130300-OFFICE"), "130302-AMR")); // the role, not the department
        Assert.False(Tree.MayRead(Supervisor("130300-AMR"), "130300-HWC")); // a supervisor of no office
        Assert.False(Tree.MayRead(Supervisor("130999-OFFICE"), "130302-AMR")); // an office this service has not heard of
    }

    [Fact]
    public void A_plan_is_filed_with_the_parent_and_the_office_of_the_region_one_level_up()
    {
        Assert.Equal(["130300-AMR", "130300-OFFICE"], Tree.FilingRecipients("130302-AMR"));
        Assert.Equal(["130000-AMR"], Tree.FilingRecipients("130300-AMR")); // no province office known
        Assert.Empty(Tree.FilingRecipients("130000-AMR"));
        Assert.Empty(Tree.FilingRecipients("130300-HWC")); // no parent, no province office
        Assert.Empty(Tree.FilingRecipients("unknown"));
    }
}

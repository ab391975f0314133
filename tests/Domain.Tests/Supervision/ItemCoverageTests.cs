using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Supervision.Activity;
using Shuangsuiji.Supervision.Coverage;

namespace Shuangsuiji.Domain.Tests.Supervision;

public sealed class ItemCoverageTests
{
    private const string Market = "130302-AMR", Health = "130302-HC";

    private static ListedItem Item(string department, string code, bool listed = true) => new($"{department}:{code}", department, code, listed, 1);

    private static KeptPlan Plan(string department, params PublicPlannedTask[] tasks) =>
        KeptPlan.From(new PlanVersionPublished($"{department}:2022", department, 2022, 1, tasks, null, Given.Now));

    private static PublicPlannedTask Task(string lead, params string[] items) =>
        new(1, "第一批", "T1", "抽查", items, new PublicScope([], [], [], [], []), [], new DateOnly(2022, 3, 1), new DateOnly(2022, 6, 30), false, lead, []);

    [Fact]
    public void Each_department_counts_its_listed_items_a_published_planned_task_names_and_lists_the_others()
    {
        var coverage = ItemCoverage.Of(
            [Item(Market, "HBSC-002"), Item(Market, "HBSC-001"), Item(Market, "HBSC-003"), Item(Market, "HBSC-009", listed: false), Item(Health, "WS-001")],
            [Plan(Market, Task(Market, $"{Market}:HBSC-001"))]);

        var market = coverage.Single(c => c.DepartmentId == Market);
        Assert.Equal((3, 1, true), (market.Claimed, market.Covered, market.PlanPublished));
        Assert.Equal(["HBSC-002", "HBSC-003"], market.Uncovered.Select(i => i.Code));
        Assert.Equal(1.0 / 3, market.Ratio, 6);
        var health = coverage.Single(c => c.DepartmentId == Health);
        Assert.Equal((1, 0, false), (health.Claimed, health.Covered, health.PlanPublished));
    }

    [Fact]
    public void An_item_in_another_departments_joint_task_is_covered()
    {
        var coverage = ItemCoverage.Of([Item(Health, "WS-001")], [Plan(Market, Task(Market, $"{Market}:HBSC-001", $"{Health}:WS-001"))]);

        Assert.Equal((1, 1), (coverage.Single().Claimed, coverage.Single().Covered));
    }

    [Fact]
    public void Uncovered_items_are_alerted_once_the_department_has_published_its_plan_and_not_before()
    {
        var coverage = ItemCoverage.Of([Item(Market, "HBSC-001"), Item(Market, "HBSC-002"), Item(Health, "WS-001")],
            [Plan(Market, Task(Market, $"{Market}:HBSC-001"))]);

        var alert = Assert.Single(ItemCoverage.Alerts(2022, coverage));
        Assert.Equal(($"item_uncovered:2022:{Market}:HBSC-002", "item_uncovered", Market, $"{Market}:HBSC-002"), (alert.AlertId, alert.Kind, alert.DepartmentId, alert.Subject));
        Assert.Contains("HBSC-002", alert.Message);
    }

    [Fact]
    public void A_department_with_an_empty_list_is_not_shown_and_a_whole_list_is_fully_covered()
    {
        var coverage = ItemCoverage.Of([Item(Market, "HBSC-001")], [Plan(Market, Task(Market, $"{Market}:HBSC-001")), Plan(Health, Task(Health, $"{Health}:WS-001"))]);

        Assert.Equal([Market], coverage.Select(c => c.DepartmentId));
        Assert.Equal(1.0, coverage.Single().Ratio);
        Assert.Empty(ItemCoverage.Alerts(2022, coverage));
    }
}

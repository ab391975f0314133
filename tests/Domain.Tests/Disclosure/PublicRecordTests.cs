using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Disclosure.Results;
using Shuangsuiji.Disclosure.Tasks;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Disclosure;

public sealed class PublicRecordTests
{
    private static readonly DateTimeOffset At = new(2022, 10, 9, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly PublicScope Scope = new(["130302"], [], [], [], []);

    private static TaskAnnounced Announced(string drawId, DateTimeOffset at) =>
        new("T-1", "餐饮抽查", [new PublicTaskDepartment("130302-AMR", ["130302-AMR:HBSC-004"])], Scope, 3, new(2022, 9, 1), new(2022, 9, 30), null,
            drawId, null, null, at);

    [Fact]
    public void A_task_keeps_its_latest_announcement_and_every_draw_in_whatever_order_they_arrive()
    {
        var inOrder = Aggregate.Fold<PublicTask>(null, [Announced("D-1", At), Announced("D-2", At.AddHours(1))])!;
        var reversed = Aggregate.Fold<PublicTask>(null, [Announced("D-2", At.AddHours(1)), Announced("D-1", At)])!;
        Assert.Equal(("D-2", "D-2"), (inOrder.DrawId, reversed.DrawId));
        Assert.Equal(["D-1", "D-2"], inOrder.DrawIds);
        Assert.Equal(["D-1", "D-2"], reversed.DrawIds);
    }

    [Fact]
    public void A_handling_result_arriving_before_its_result_waits_for_it()
    {
        var result = new ResultPublished("T-1", "130302-AMR", "91130302MA0A000011", [new PublicItemOutcome("130302-AMR:HBSC-004", true, true)],
            ["problem_pending"], ["undisclosed_information"], new(2022, 9, 5), new(2022, 9, 5), new(2022, 10, 11), new(2022, 10, 10), At);
        var handling = new HandlingPublished("T-1", "130302-AMR", "91130302MA0A000011", [new PublicHandlingStep("order_correction", new(2022, 10, 12), null)],
            new(2022, 10, 20), At);
        var record = Aggregate.Fold<PublicResult>(null, [handling, result])!;
        Assert.Equal((result, new DateOnly(2022, 10, 20), false), (record.Result, record.Handling!.ClosedOn, record.OnTime));
        Assert.Equal("result:T-1:130302-AMR:91130302MA0A000011", record.Id);
    }

    [Fact]
    public void An_export_line_reads_the_same_in_json_lines_and_csv()
    {
        var fact = """{"taskId":"T-1","departmentId":"130302-AMR","uscc":"91130302MA0A000011","items":[{"itemId":"I-1","checked":true,"problemFound":true}],"categories":["problem_pending"],"pendingReasons":[],"checkedFrom":"2022-09-05","checkedTo":"2022-09-06","publishedOn":"2022-10-11","dueOn":"2022-10-10","at":"2022-10-11T10:00:00+08:00"}""";
        var line = ExportLine.Of(42, ExportLine.Result, fact, "秦皇岛\"海鲜\",餐饮");
        Assert.Equal("""{"cursor":42,"kind":"result","taskId":"T-1","departmentId":"130302-AMR","uscc":"91130302MA0A000011","entityName":"秦皇岛\"海鲜\",餐饮","publishedOn":"2022-10-11","checkedFrom":"2022-09-05","checkedTo":"2022-09-06","dueOn":"2022-10-10","categories":["problem_pending"],"pendingReasons":[],"items":[{"itemId":"I-1","checked":true,"problemFound":true}]}""",
            line.ToJson());
        Assert.Equal("42,result,T-1,130302-AMR,91130302MA0A000011,\"秦皇岛\"\"海鲜\"\",餐饮\",2022-10-11,problem_pending,,I-1,I-1,2022-09-06,2022-10-10,,,,", line.ToCsv());
        // A due date counted Monday to Friday (its year's holiday notice not recorded yet) says so; a known one says nothing.
        var provisional = ExportLine.Of(43, ExportLine.Result, fact[..^1] + ",\"dueOnProvisional\":true}", null);
        Assert.Contains(",\"dueOnProvisional\":true", provisional.ToJson());
        Assert.EndsWith(",2022-10-10,,true,,", provisional.ToCsv());
    }
}

using Shuangsuiji.Directories.Entities;
using static Shuangsuiji.Domain.Tests.Given;

namespace Shuangsuiji.Domain.Tests.Entities;

public sealed class CreditRecordTests
{
    private static readonly EntityData Data = new("秦皇岛海鲜餐饮有限公司", EntityType.Enterprise, "H62", "130302", "海港区海滨路1号", "秦皇岛市市场监督管理局");

    private static MarketEntity Entity(params RiskClassPeriod[] risk) => new("91130302MA0A000011", Data, RegistrationStatus.Active, [], [], risk, 3, 42, Now);

    private static CreditEntry Penalty(bool serious) =>
        new("task:130302-AMR:91130302MA0A000011:5", "penalty", "130302-AMR", "秦海市监罚〔2022〕88号", new(2022, 10, 8), serious, "QHD-2022-LH-01");

    [Fact]
    public void A_penalty_is_recorded_and_a_serious_one_raises_the_class_one_step_from_its_date()
    {
        var general = RecordCredit(Entity(new RiskClassPeriod("B", new(2022, 1, 1))), Penalty(false));
        Assert.Equal(Penalty(false), Assert.IsType<CreditRecorded>(Assert.Single(general)).Credit);

        var serious = RecordCredit(Entity(new RiskClassPeriod("B", new(2022, 1, 1))), Penalty(true));
        var raised = Assert.IsType<RiskClassChanged>(serious[1]);
        Assert.Equal(("B", "C", new DateOnly(2022, 10, 8)), (raised.From, raised.To, raised.EffectiveOn));
        Assert.Equal(2, serious.Count); // B to C is one step below the highest: no warning
    }

    [Fact]
    public void A_serious_penalty_into_the_highest_class_warns_and_never_dates_before_the_current_class()
    {
        var events = RecordCredit(Entity(new RiskClassPeriod("C", new(2022, 11, 1))), Penalty(true));
        Assert.Equal(new DateOnly(2022, 11, 1), Assert.IsType<RiskClassChanged>(events[1]).EffectiveOn);
        Assert.Equal("D", Assert.IsType<RiskWarningRaised>(events[2]).To);
    }

    [Fact]
    public void The_highest_class_and_an_unclassified_entity_keep_their_class()
    {
        Assert.Single(RecordCredit(Entity(new RiskClassPeriod("D", new(2022, 1, 1))), Penalty(true)));
        Assert.Single(RecordCredit(Entity(), Penalty(true)));
        Assert.Single(RecordCredit(Entity(new RiskClassPeriod("B", new(2022, 1, 1))), Penalty(true) with { Kind = "abnormal_operations" }));
    }

    private static IReadOnlyList<object> RecordCredit(MarketEntity entity, CreditEntry credit) =>
        EntityDecider.RecordCredit(entity, credit, RiskClasses.Default, As("130302-AMR"));
}

using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.Plans;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.DepartmentTreeTests;

namespace Shuangsuiji.Domain.Tests.Tasks;

/// <summary>备案: the 海港区 market bureau's plan is filed with the city market bureau and the city office.</summary>
public sealed class PlanFilingTests
{
    private const string County = "130302-AMR", PlanId = "130302-AMR:2022";
    private static readonly PlanBatch[] Batches = [new(1, "第一批次", [PlanDeciderTests.Own() with { LeadDepartmentId = County, Items = [$"{County}:HBSC-001"] }])];

    private static AnnualPlan Plan(params object[] more) => State<AnnualPlan>([
        new PlanDrafted(PlanId, County, 2022, Batches, As(County).Caller, Now), new PlanApproved(PlanId, As(County, Roles.Reviewer).Caller, Now), .. more]);

    private static IReadOnlyList<object> Published() => PlanDecider.Publish(Plan(), Tree.FilingRecipients, As(County));

    [Fact]
    public void Publishing_files_the_version_with_the_level_above()
    {
        var events = Published();
        Assert.IsType<PlanPublished>(events[0]);
        var filed = Assert.IsType<PlanFiled>(events[1]);
        Assert.Equal(1, filed.Version);
        Assert.Equal(["130300-AMR", "130300-OFFICE"], filed.Recipients);
        Assert.Equal(FilingStatus.AwaitingAcknowledgement, PlanFiling.Of(Tree["130302-AMR"]!, Plan([.. events]), Tree).Status);
    }

    [Theory]
    [InlineData("130300-AMR", Roles.Staff)]
    [InlineData("130300-AMR", Roles.Reviewer)]
    [InlineData("130300-OFFICE", Roles.Supervisor)]
    public void A_recipients_staff_reviewer_or_supervisor_acknowledges(string department, string role)
    {
        var acknowledged = Single<PlanFilingAcknowledged>(PlanDecider.AcknowledgeFiling(Plan([.. Published()]), 0, As(department, role)));
        Assert.Equal((1, department, $"{role}-{department}"), (acknowledged.Version, acknowledged.RecipientId, acknowledged.By.UserId));
    }

    [Theory]
    [InlineData("130300-HWC", Roles.Staff)]
    [InlineData("130000-AMR", Roles.Staff)]
    [InlineData("130302-AMR", Roles.Reviewer)]
    [InlineData("130302-OFFICE", Roles.Supervisor)]
    [InlineData("130300-AMR", Roles.System)]
    public void No_one_else_acknowledges(string department, string role)
    {
        var error = Assert.Throws<ForbiddenException>(() => PlanDecider.AcknowledgeFiling(Plan([.. Published()]), 0, As(department, role)));
        Assert.Equal("NOT_FILING_RECIPIENT", error.Reason.Code);
    }

    [Fact]
    public void Both_acknowledgements_make_it_acknowledged_and_a_second_one_is_refused()
    {
        var events = new List<object>(Published());
        events.AddRange(PlanDecider.AcknowledgeFiling(Plan([.. events]), 1, As("130300-AMR")));
        Assert.Equal(FilingStatus.AwaitingAcknowledgement, PlanFiling.Of(Tree[County]!, Plan([.. events]), Tree).Status);
        events.AddRange(PlanDecider.AcknowledgeFiling(Plan([.. events]), 0, As("130300-OFFICE", Roles.Supervisor)));

        var filing = PlanFiling.Of(Tree[County]!, Plan([.. events]), Tree);
        Assert.Equal(FilingStatus.Acknowledged, filing.Status);
        Assert.All(filing.Recipients, r => Assert.NotNull(r.AcknowledgedAt));
        Assert.Throws<AlreadyExistsException>(() => PlanDecider.AcknowledgeFiling(Plan([.. events]), 0, As("130300-AMR", Roles.Reviewer)));
    }

    [Fact]
    public void Nothing_is_acknowledged_before_a_filed_version()
    {
        Assert.Equal("PLAN_NOT_FILED", Assert.Throws<RuleViolationException>(() => PlanDecider.AcknowledgeFiling(Plan(), 0, As("130300-AMR"))).Reason.Code);
        Assert.Equal("PLAN_NOT_FILED", Assert.Throws<RuleViolationException>(() => PlanDecider.AcknowledgeFiling(Plan([.. Published()]), 2, As("130300-AMR"))).Reason.Code);
        var none = PlanFiling.Of(Tree[County]!, null, Tree);
        Assert.Equal(FilingStatus.NoPublishedPlan, none.Status);
        Assert.Equal(["130300-AMR", "130300-OFFICE"], none.Recipients.Select(r => r.DepartmentId));
    }

    [Fact]
    public void An_office_follows_its_regions_filings_and_a_department_those_below_it()
    {
        Assert.Equal(["130300-AMR", "130302-AMR", "130303-AMR"], PlanFiling.FollowedBy(new Caller("s", "130300-OFFICE", Roles.Supervisor), Tree).Select(d => d.Id));
        Assert.Equal(["130302-AMR"], PlanFiling.FollowedBy(new Caller("s", "130302-OFFICE", Roles.Supervisor), Tree).Select(d => d.Id));
        Assert.Equal(["130302-AMR", "130303-AMR"], PlanFiling.FollowedBy(new Caller("s", "130300-AMR", Roles.Staff), Tree).Select(d => d.Id));
        Assert.Empty(PlanFiling.FollowedBy(new Caller("s", "130300-HWC", Roles.Staff), Tree));
    }
}

using Shuangsuiji.Kernel;
using Shuangsuiji.Supervision.SpecialInspections;

namespace Shuangsuiji.Domain.Tests.Supervision;

public sealed class SpecialInspectionTests
{
    private const string Office = "130300-OFFICE", Market = "130302-AMR";
    private static readonly CommandContext City = Given.As(Office, Roles.Supervisor);

    private static SpecialInspectionDecider.Open Opening(params string[] departments) =>
        new("ZX-1", "双随机抽查专项督查", new DateOnly(2022, 1, 1), new DateOnly(2022, 2, 28), departments, null);

    private static SpecialInspection Opened() => Given.State<SpecialInspection>(
        SpecialInspectionDecider.OpenInspection(null, Opening(Market), _ => true, _ => null, City).ToArray());

    private static SpecialInspection With(SpecialInspection state, IReadOnlyList<object> events) => Aggregate.Fold(state, events)!;

    [Fact]
    public void Only_an_office_opens_one_and_only_over_departments_it_oversees()
    {
        Assert.Throws<ForbiddenException>(() => SpecialInspectionDecider.OpenInspection(null, Opening(Market), _ => true, _ => null, Given.As(Market)));
        var outside = Assert.Throws<InvalidFieldException>(() => SpecialInspectionDecider.OpenInspection(null, Opening(Market), _ => false, _ => null, City));
        Assert.Equal("department_ids[0]", outside.Field);
        var opened = Given.Single<SpecialInspectionOpened>(SpecialInspectionDecider.OpenInspection(null,
            Opening() with { RegionCode = "130302" }, _ => true, region => region == "130302" ? [Market, "130302-HC"] : null, City));
        Assert.Equal([Market, "130302-HC"], opened.DepartmentIds);
        Assert.Equal(("130302", Office), (opened.RegionCode, opened.OfficeId));
    }

    [Fact]
    public void Findings_are_recorded_while_open_and_a_circular_is_published_once_closed_and_never_changes_after()
    {
        var inspection = With(Opened(), SpecialInspectionDecider.RecordFinding(Opened(), Market, "未按时公示", "补充公示", new DateOnly(2022, 4, 1), City));
        Assert.Equal("F1", inspection.Findings.Single().FindingId);
        inspection = With(inspection, SpecialInspectionDecider.Draft(inspection, null, "通报", "正文", ["F1"], null, City));
        var circular = inspection.Circulars.Single().CircularId;
        var open = Assert.Throws<RuleViolationException>(() => SpecialInspectionDecider.Publish(inspection, circular, City));
        Assert.Equal("SPECIAL_INSPECTION_OPEN", open.Reason.Code);

        inspection = With(inspection, SpecialInspectionDecider.Close(inspection, City));
        Assert.Throws<RuleViolationException>(() => SpecialInspectionDecider.RecordFinding(inspection, Market, "又一问题", "整改", new DateOnly(2022, 4, 1), City));
        inspection = With(inspection, SpecialInspectionDecider.Publish(inspection, circular, City));
        Assert.True(inspection.Circular(circular)!.Published);
        Assert.Empty(SpecialInspectionDecider.Publish(inspection, circular, City));

        var edit = Assert.Throws<RuleViolationException>(() => SpecialInspectionDecider.Draft(inspection, circular, "改过的通报", "正文", [], null, City));
        Assert.Equal("CIRCULAR_PUBLISHED", edit.Reason.Code);
        var correction = Given.Single<CircularDrafted>(SpecialInspectionDecider.Draft(inspection, null, "更正", "更正正文", [], circular, City));
        Assert.Equal(("ZX-1-2", circular), (correction.CircularId, correction.Corrects));
    }

    [Fact]
    public void Another_office_keeps_none_of_it_and_unknown_findings_are_refused()
    {
        var county = Given.As("130302-OFFICE", Roles.Supervisor);
        Assert.Throws<ForbiddenException>(() => SpecialInspectionDecider.Close(Opened(), county));
        var unknown = Assert.Throws<InvalidFieldException>(() => SpecialInspectionDecider.Draft(Opened(), null, "通报", "正文", ["F9"], null, City));
        Assert.Equal("finding_ids[0]", unknown.Field);
    }
}

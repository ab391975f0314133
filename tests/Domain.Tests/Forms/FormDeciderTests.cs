using Shuangsuiji.Catalog.Forms;
using Shuangsuiji.Catalog.Items;
using Shuangsuiji.ServiceDefaults.Grpc;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Items.ItemDeciderTests;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Forms;

public sealed class FormDeciderTests
{
    private static readonly FormField[] Fields =
    [
        new("license_displayed", "营业执照是否公示", FieldType.Boolean, true, []),
        new("finding", "检查结果", FieldType.Choice, true, ["未发现问题", "发现问题"]),
    ];

    [Fact]
    public void The_owning_department_defines_the_basic_form()
    {
        var defined = Single<FormDefined>(FormDecider.Define(null, Province, new ItemView(ProvinceItem(), []),
            new DefineForm("130000-AMR", "HB-001", "basic", "基础检查表", Fields), As("130000-AMR")));
        Assert.Equal(("130000-AMR:HB-001/basic", FormKind.Basic), (defined.FormId, defined.Kind));
    }

    [Fact]
    public void A_claiming_department_adds_custom_forms_but_not_the_basic_one()
    {
        var claim = State<InspectionItem>(new ItemClaimed("130300-AMR:HB-001", "130300-AMR", "HB-001", "130000-AMR:HB-001", null,
            new Caller("u", "130300-AMR", Roles.Staff), Now));
        var view = new ItemView(claim, [ProvinceItem()]);
        Assert.Throws<RuleViolationException>(() => FormDecider.Define(null, City, view,
            new DefineForm("130300-AMR", "HB-001", "basic", "基础检查表", Fields), As("130300-AMR")));
        var custom = Single<FormDefined>(FormDecider.Define(null, City, view,
            new DefineForm("130300-AMR", "HB-001", "qhd-extra", "秦皇岛补充检查表", Fields), As("130300-AMR")));
        Assert.Equal(FormKind.Custom, custom.Kind);
    }

    [Theory]
    [InlineData("fields[1].options")]
    [InlineData("fields[0].options")]
    [InlineData("fields[0].key")]
    [InlineData("fields")]
    public void Bad_fields_are_named(string field)
    {
        FormField[] fields = field switch
        {
            "fields[1].options" => [Fields[0], Fields[1] with { Options = [] }],
            "fields[0].options" => [Fields[0] with { Options = ["是"] }],
            "fields[0].key" => [Fields[0] with { Key = "License Displayed" }],
            _ => [Fields[0], Fields[0]],
        };
        Assert.Equal(field, Assert.Throws<InvalidFieldException>(() => FormDecider.ValidFields(fields)).Field);
    }

    [Fact]
    public void Revising_creates_a_new_version()
    {
        var defined = new FormDefined("130000-AMR:HB-001/basic", "130000-AMR", "130000-AMR:HB-001", "basic",
            FormKind.Basic, "基础检查表", Fields, new Caller("u", "130000-AMR", Roles.Staff), Now);
        var form = State<FormTemplate>(defined);
        var revised = Single<FormRevised>(FormDecider.Revise(form, Province, new ItemView(ProvinceItem(), []),
            new ReviseForm("130000-AMR", "HB-001", "basic", "基础检查表（2022版）", Fields[..1], "简化"), As("130000-AMR")));
        Assert.Equal(2, State<FormTemplate>(defined, revised).Version);
    }
}

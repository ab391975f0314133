using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.InspectionTasks;
using static Shuangsuiji.Domain.Tests.Given;
using static Shuangsuiji.Domain.Tests.Tasks.JointTask;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class TaskFormsTests
{
    // The lead's item is claimed from the province's item, whose basic form it fills in.
    private const string ProvinceItem = "130000-AMR:HBSC-001";

    private static KnownForm Form(string keeper, string itemId, string code, long version = 1) =>
        new($"{itemId}/{code}", keeper, new CheckForm($"{itemId}/{code}", itemId, code, code == "basic" ? "basic" : "custom", $"{code} 表",
            [new("ok", "是否合格", FieldType.Boolean, true, [])], version));

    private static readonly KnownForm ProvinceBasic = Form("130000-AMR", ProvinceItem, "basic");
    private static readonly KnownForm LeadCustom = Form(Lead, LeadItem, "qhd-extra");
    private static readonly KnownForm PartnerBasic = Form(Partner, PartnerItem, "basic");
    // Another department's custom form on the province item is for that department's checks, not the lead's.
    private static readonly KnownForm OtherCustom = Form("130302-AMR", ProvinceItem, "haigang");

    private static readonly Dictionary<string, KnownClaim> Claims = new()
    {
        [LeadItem] = new(LeadItem, ProvinceItem, false, 1),
    };

    [Fact]
    public void A_claimed_item_takes_its_sources_basic_form_and_the_departments_own_custom_forms()
    {
        var forms = TaskForms.For([(Lead, [LeadItem]), (Partner, [PartnerItem])], [ProvinceBasic, LeadCustom, PartnerBasic, OtherCustom], Claims);
        Assert.Equal(["130000-AMR:HBSC-001/basic", "130300-AMR:HBSC-001/qhd-extra"], forms[0].Forms.Select(f => f.FormId));
        Assert.Equal([PartnerBasic.Form], forms[1].Forms);
        Assert.Equal((Partner, PartnerItem), (forms[1].DepartmentId, forms[1].ItemId));
    }

    [Fact]
    public void A_withdrawn_claim_or_a_loop_ends_the_chain()
    {
        Assert.Equal(LeadItem, TaskForms.Root(LeadItem, new Dictionary<string, KnownClaim> { [LeadItem] = new(LeadItem, ProvinceItem, true, 2) }));
        var loop = new Dictionary<string, KnownClaim> { ["a:1"] = new("a:1", "b:1", false, 1), ["b:1"] = new("b:1", "a:1", false, 1) };
        Assert.Equal("a:1", TaskForms.Root("a:1", loop));
    }

    [Fact]
    public void Approval_fixes_the_forms_of_the_departments_that_did_not_decline()
    {
        object[] declined = [.. Drafted.Take(2), new InvitationDeclined(Id, Partner, "人手不足", By(Partner), Now)];
        var approved = Single<TaskApproved>(InspectionTaskDecider.Approve(Task(declined), [ProvinceBasic, PartnerBasic], Claims, As(Lead, Roles.Reviewer)));
        Assert.Equal([LeadItem], approved.Forms!.Select(f => f.ItemId));

        var task = Task([.. Drafted, new InvitationAccepted(Id, Partner, By(Partner), Now)]);
        var both = InspectionTaskDecider.Approve(task, [ProvinceBasic, PartnerBasic], Claims, As(Lead, Roles.Reviewer));
        var state = Task([.. Drafted, new InvitationAccepted(Id, Partner, By(Partner), Now), .. both]);
        Assert.Equal([PartnerBasic.Form], Assert.Single(state.FormsOf(Partner)).Forms);
        Assert.Equal([ProvinceBasic.Form], Assert.Single(state.FormsOf(Lead)).Forms);
    }
}

using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Tasks;

public sealed class ResultValidationTests
{
    private static readonly string[] Items = ["130300-AMR:HBSC-001", "130300-AMR:HBSC-002"];
    private static readonly DateOnly From = new(2022, 9, 1), To = new(2022, 9, 30), Today = new(2022, 9, 20);
    private const string Hash = "4DA594A8AB6064D666EAB2BDF20CB4480E819E0C3102CA353DE57CAAE1D11FD1";

    private static readonly CheckForm Basic = new("130000-AMR:HBSC-001/basic", "130000-AMR:HBSC-001", "basic", "basic", "基础检查表",
        [new("licence_valid", "许可证是否有效", FieldType.Boolean, true, []), new("staff", "从业人员数", FieldType.Number, false, [])], 2);

    private static readonly CheckForm Custom = new("130300-AMR:HBSC-002/qhd", "130300-AMR:HBSC-002", "qhd", "custom", "补充表",
        [new("areas", "检查区域", FieldType.MultiChoice, true, ["后厨", "仓库", "餐厅"])], 1);

    private static readonly ItemForms[] Forms = [new("130300-AMR", Items[0], [Basic]), new("130300-AMR", Items[1], [Custom])];

    private static readonly ResultEntry Clean = new([new(2022, 9, 15)], [CheckMethod.OnSite, CheckMethod.Documentary], [ResultCategory.NoProblem], [],
        [new(Items[0], true, false, null), new(Items[1], false, false, null)], [new(Hash, "现场照片.jpg", "image/jpeg")],
        ["QHD-AMR-017", "QHD-AMR-023"], [new("130000-AMR:HBSC-001/basic", "licence_valid", ["true"])]);

    private static readonly ResultEntry Problem = Clean with
    {
        Categories = [ResultCategory.ProblemPending],
        PendingReasons = [PendingReason.UndisclosedInformation],
        Items = [new(Items[0], true, true, " 责令限期公示 "), new(Items[1], true, false, null)],
        FormValues = [.. Clean.FormValues, new(Custom.FormId, "areas", ["后厨"])],
    };

    /// <summary>The inspectors the draw engine matched to the entity.</summary>
    private static readonly string[] Team = ["QHD-AMR-017", "QHD-AMR-023", "QHD-AMR-031"];

    private static ResultEntry Validate(ResultEntry entry) => ResultValidation.Validate(entry, Items, Forms, Team, 2, From, To, Today);

    private static string FieldOf(ResultEntry entry) => Assert.Throws<InvalidFieldException>(() => Validate(entry)).Field;

    [Fact]
    public void A_department_checking_alone_names_two_inspectors_of_the_matched_team_each_once()
    {
        Assert.Equal("inspector_ids[1]", FieldOf(Clean with { InspectorIds = ["QHD-AMR-017", "QHD-AMR-099"] }));
        Assert.Equal("inspector_ids", FieldOf(Clean with { InspectorIds = ["QHD-AMR-017"] }));
        Assert.Equal("inspector_ids", FieldOf(Clean with { InspectorIds = ["QHD-AMR-017", "QHD-AMR-017"] }));
        Assert.Equal("inspector_ids[1]", FieldOf(Clean with { InspectorIds = ["QHD-AMR-017", "张三 李四"] }));
        Assert.Single(ResultValidation.Validate(Clean with { InspectorIds = ["QHD-AMR-017"] }, Items, Forms, Team, 1, From, To, Today).InspectorIds);
    }

    [Fact]
    public void Form_values_fit_their_fields_and_a_checked_items_required_fields_are_filled()
    {
        // Item 2 was not checked, so its form's required field may stay empty; blank values are dropped.
        var valid = Validate(Clean with { FormValues = [new(Basic.FormId, "licence_valid", [" false "]), new(Basic.FormId, "staff", [" "])] });
        Assert.Equal(["false"], Assert.Single(valid.FormValues).Values);

        Assert.Equal("form_values", FieldOf(Clean with { FormValues = [] }));
        Assert.Equal("form_values[0].form_id", FieldOf(Clean with { FormValues = [new("130300-HWC:WJ-001/basic", "licence_valid", ["true"])] }));
        Assert.Equal("form_values[1].key", FieldOf(Clean with { FormValues = [.. Clean.FormValues, new(Basic.FormId, "owner", ["王五"])] }));
        Assert.Equal("form_values[1].key", FieldOf(Clean with { FormValues = [.. Clean.FormValues, new(Basic.FormId, "licence_valid", ["false"])] }));
        Assert.Equal("form_values[0].values", FieldOf(Clean with { FormValues = [new(Basic.FormId, "licence_valid", ["是"])] }));
        Assert.Equal("form_values[1].values", FieldOf(Clean with { FormValues = [.. Clean.FormValues, new(Basic.FormId, "staff", ["十二"])] }));
        Assert.Equal("form_values[1].values", FieldOf(Clean with { FormValues = [.. Clean.FormValues, new(Basic.FormId, "staff", ["1", "2"])] }));
    }

    [Fact]
    public void A_multiple_choice_takes_several_of_its_options_each_once()
    {
        var bothChecked = Problem with { FormValues = [.. Clean.FormValues, new(Custom.FormId, "areas", ["后厨", "仓库"])] };
        Assert.Equal(2, Validate(bothChecked).FormValues[1].Values.Count);
        Assert.Contains("检查区域", Assert.Throws<InvalidFieldException>(() => Validate(Problem with { FormValues = Clean.FormValues })).Message);
        Assert.Equal("form_values[1].values", FieldOf(Problem with { FormValues = [.. Clean.FormValues, new(Custom.FormId, "areas", ["后厨", "门口"])] }));
        Assert.Equal("form_values[1].values", FieldOf(Problem with { FormValues = [.. Clean.FormValues, new(Custom.FormId, "areas", ["后厨", "后厨"])] }));
    }

    [Fact]
    public void A_clean_result_passes_with_hashes_in_lower_case()
    {
        var valid = Validate(Clean);
        Assert.Equal(Hash.ToLowerInvariant(), valid.Attachments[0].Sha256);
        Assert.False(valid.FindsProblem);
        Assert.Equal(new DateOnly(2022, 9, 15), valid.CheckEndedOn);
    }

    [Fact]
    public void A_problem_pending_with_its_reason_passes_and_calls_for_follow_up()
    {
        var valid = Validate(Problem);
        Assert.True(valid.FindsProblem);
        Assert.Equal("责令限期公示", valid.Items[0].Action);
    }

    [Theory]
    [InlineData("no category", "categories")]
    [InlineData("no problem and problem pending", "categories")]
    [InlineData("no problem and deregistered", "categories")]
    [InlineData("item problem without a problem category", "categories")]
    [InlineData("pending without reason", "pending_reasons")]
    [InlineData("reason without pending", "pending_reasons")]
    [InlineData("no method", "methods")]
    [InlineData("method twice", "methods")]
    [InlineData("no date", "check_dates")]
    [InlineData("date before the period", "check_dates[0]")]
    [InlineData("date in the future", "check_dates[1]")]
    [InlineData("unknown item", "items[1].item_id")]
    [InlineData("missing item", "items")]
    [InlineData("problem on an unchecked item", "items[0].problem_found")]
    [InlineData("problem without action", "items[0].action")]
    [InlineData("no problem without any item checked", "items")]
    [InlineData("hash too short", "attachments[0].sha256")]
    [InlineData("file name with a path", "attachments[0].file_name")]
    [InlineData("bad media type", "attachments[0].media_type")]
    public void Each_error_names_its_field(string case_, string field)
    {
        var entry = case_ switch
        {
            "no category" => Clean with { Categories = [] },
            "no problem and problem pending" => Problem with { Categories = [ResultCategory.NoProblem, ResultCategory.ProblemPending] },
            "no problem and deregistered" => Clean with { Categories = [ResultCategory.NoProblem, ResultCategory.Deregistered] },
            "item problem without a problem category" => Problem with { Categories = [ResultCategory.NoRelevantActivity], PendingReasons = [] },
            "pending without reason" => Problem with { PendingReasons = [] },
            "reason without pending" => Clean with { PendingReasons = [PendingReason.Unreachable] },
            "no method" => Clean with { Methods = [] },
            "method twice" => Clean with { Methods = [CheckMethod.OnSite, CheckMethod.OnSite] },
            "no date" => Clean with { CheckDates = [] },
            "date before the period" => Clean with { CheckDates = [new(2022, 8, 31)] },
            "date in the future" => Clean with { CheckDates = [new(2022, 9, 15), new(2022, 9, 21)] },
            "unknown item" => Clean with { Items = [Clean.Items[0], new("130300-HWC:WJ-001", true, false, null)] },
            "missing item" => Clean with { Items = [Clean.Items[0]] },
            "problem on an unchecked item" => Problem with { Items = [new(Items[0], false, true, "x"), Problem.Items[1]] },
            "problem without action" => Problem with { Items = [new(Items[0], true, true, " "), Problem.Items[1]] },
            "no problem without any item checked" => Clean with { Items = [new(Items[0], false, false, null), new(Items[1], false, false, null)] },
            "hash too short" => Clean with { Attachments = [new("abc", "a.jpg", "image/jpeg")] },
            "file name with a path" => Clean with { Attachments = [new(Hash, "../etc/a.jpg", "image/jpeg")] },
            _ => Clean with { Attachments = [new(Hash, "a.jpg", "jpeg")] },
        };
        Assert.Equal(field, Assert.Throws<InvalidFieldException>(() => Validate(entry)).Field);
    }

    [Fact]
    public void Several_problem_categories_may_apply_together() =>
        Validate(Problem with { Categories = [ResultCategory.ProblemPending, ResultCategory.ProblemCorrected] });

    [Fact]
    public void An_unreachable_entity_is_a_problem_pending_with_that_reason()
    {
        var unreachable = Problem with
        {
            PendingReasons = [PendingReason.Unreachable],
            Items = [new(Items[0], false, false, null), new(Items[1], false, false, null)],
        };
        Assert.True(Validate(unreachable).FoundUnreachable);
    }

    [Fact]
    public void Every_category_method_and_reason_has_its_Chinese_label()
    {
        Assert.Equal("发现问题待后续处理", ResultCategory.ProblemPending.Label());
        Assert.Equal("通过登记的住所（经营场所）无法联系", PendingReason.Unreachable.Label());
        Assert.Equal("采信第三方结果", CheckMethod.ThirdPartyResults.Label());
        Assert.Equal("抄告相关部门", FollowUpKind.CopiedToDepartment.Label());
        Assert.All(Enum.GetValues<ResultCategory>(), c => Assert.NotEmpty(c.Label()));
        Assert.All(Enum.GetValues<PendingReason>(), c => Assert.NotEmpty(c.Label()));
        Assert.All(Enum.GetValues<CheckMethod>(), c => Assert.NotEmpty(c.Label()));
        Assert.All(Enum.GetValues<FollowUpKind>(), c => Assert.NotEmpty(c.Label()));
    }

    [Theory]
    [InlineData(FollowUpKind.None, "某单位", "target")]
    [InlineData(FollowUpKind.OrderCorrection, "某单位", "target")]
    [InlineData(FollowUpKind.ClueTransferred, null, "target")]
    [InlineData(FollowUpKind.CopiedToDepartment, "130300-AMR", "target")] // its own department
    [InlineData(FollowUpKind.CopiedToDepartment, "卫健委", "target")]      // not a department id
    [InlineData(FollowUpKind.ReferredToJudiciary, null, "target")]
    public void Follow_up_targets_depend_on_the_kind(FollowUpKind kind, string? target, string field) =>
        Assert.Equal(field, Assert.Throws<InvalidFieldException>(() =>
            FollowUps.Validate(new(kind, target, Today, "原因"), "130300-AMR", new(2022, 9, 15), Today)).Field);

    [Theory]
    [InlineData(FollowUpKind.None, null)]
    [InlineData(FollowUpKind.OrderCorrection, null)]
    [InlineData(FollowUpKind.ClueTransferred, "秦皇岛市市场监督管理局执法稽查科")]
    [InlineData(FollowUpKind.CopiedToDepartment, "130300-HWC")]
    [InlineData(FollowUpKind.ReferredToJudiciary, "秦皇岛市公安局")]
    public void Each_follow_up_kind_with_its_target_passes(FollowUpKind kind, string? target) =>
        Assert.Equal(kind, FollowUps.Validate(new(kind, target, Today, " 原因 "), "130300-AMR", new(2022, 9, 15), Today).Kind);

    [Theory]
    [InlineData("2022-09-14", "原因", "on")] // before the check ended
    [InlineData("2022-09-21", "原因", "on")] // in the future
    [InlineData("2022-09-16", " ", "reason")]
    public void A_follow_up_needs_a_reason_and_a_date_between_check_and_today(string on, string reason, string field) =>
        Assert.Equal(field, Assert.Throws<InvalidFieldException>(() =>
            FollowUps.Validate(new(FollowUpKind.OrderCorrection, null, DateOnly.Parse(on), reason), "130300-AMR", new(2022, 9, 15), Today)).Field);
}

namespace Shuangsuiji.Contracts.Tasks;

/// <summary>
/// The codes the tasks messages use for the record form's lists (市场监管领域随机抽查情况记录表, docs/domain.md, result categories), in the
/// form's order, with the form's Chinese words: every service that shows or counts them reads them from here.
/// </summary>
public static class ResultCodes
{
    /// <summary>The standard result categories.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Categories =
    [
        new("no_problem", "未发现问题"),
        new("problem_pending", "发现问题待后续处理"),
        new("problem_corrected", "发现问题经责令已改正"),
        new("no_relevant_activity", "未发现开展本次抽查涉及的经营活动"),
        new("closed_or_liquidating", "已关闭停业或正在组织清算"),
        new("serious_non_cooperation", "不配合检查情节严重"),
        new("deregistered", "已注销"),
        new("licence_revoked", "被吊销"),
        new("registration_revoked", "被撤销"),
        new("moved_out", "已迁出"),
    ];

    /// <summary>Why a problem awaits follow-up (发现问题待后续处理的情形).</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> PendingReasons =
    [
        new("undisclosed_information", "未按规定公示应当公示的信息"),
        new("false_disclosure", "公示信息隐瞒真实情况弄虚作假"),
        new("unreachable", "通过登记的住所（经营场所）无法联系"),
        new("other_department_violation", "违反其他部门规定"),
    ];

    /// <summary>How the check was made (检查方式); several may apply.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Methods =
    [
        new("on_site", "实地核查"),
        new("documentary", "书面检查"),
        new("online_monitoring", "网络监测"),
        new("professional_agency", "委托专业机构"),
        new("third_party_results", "采信第三方结果"),
        new("testing", "检验检测"),
    ];

    /// <summary>The steps of the follow-up (后续处置); "corrected" only in a public handling result.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> FollowUps =
    [
        new("none", "无需处置"),
        new("order_correction", "责令改正"),
        new("clue_transferred", "移送案件线索"),
        new("copied_to_department", "抄告相关部门"),
        new("referred_to_judiciary", "移送司法机关"),
        new("penalty_decided", "作出行政处罚"),
        new("corrected", "已改正"),
    ];

    /// <summary>The Chinese words for a code of one of the lists; an unknown code is shown as it is.</summary>
    public static string Label(this IReadOnlyList<KeyValuePair<string, string>> list, string code) =>
        list.FirstOrDefault(p => p.Key == code).Value ?? code;
}

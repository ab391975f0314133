namespace Shuangsuiji.Tasks.Results;

/// <summary>The standard results of a check (市场监管领域随机抽查情况记录表); several may apply.</summary>
public enum ResultCategory
{
    NoProblem,
    ProblemPending,
    ProblemCorrected,
    NoRelevantActivity,
    ClosedOrLiquidating,
    SeriousNonCooperation,
    Deregistered,
    LicenceRevoked,
    RegistrationRevoked,
    MovedOut,
}

/// <summary>Why a found problem awaits follow-up (the reasons listed under 发现问题待后续处理).</summary>
public enum PendingReason
{
    UndisclosedInformation,
    FalseDisclosure,
    Unreachable,
    OtherDepartmentViolation,
}

public enum CheckMethod
{
    OnSite,
    Documentary,
    OnlineMonitoring,
    ProfessionalAgency,
    ThirdPartyResults,
    Testing,
}

public static class ResultLabels
{
    public static string Label(this ResultCategory category) => category switch
    {
        ResultCategory.NoProblem => "未发现问题",
        ResultCategory.ProblemPending => "发现问题待后续处理",
        ResultCategory.ProblemCorrected => "发现问题经责令已改正",
        ResultCategory.NoRelevantActivity => "未发现开展本次抽查涉及的经营活动",
        ResultCategory.ClosedOrLiquidating => "已关闭停业或正在组织清算",
        ResultCategory.SeriousNonCooperation => "不配合检查情节严重",
        ResultCategory.Deregistered => "已注销",
        ResultCategory.LicenceRevoked => "被吊销",
        ResultCategory.RegistrationRevoked => "被撤销",
        ResultCategory.MovedOut => "已迁出",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static string Label(this PendingReason reason) => reason switch
    {
        PendingReason.UndisclosedInformation => "未按规定公示应当公示的信息",
        PendingReason.FalseDisclosure => "公示信息隐瞒真实情况弄虚作假",
        PendingReason.Unreachable => "通过登记的住所（经营场所）无法联系",
        PendingReason.OtherDepartmentViolation => "违反其他部门规定",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static string Label(this CheckMethod method) => method switch
    {
        CheckMethod.OnSite => "实地核查",
        CheckMethod.Documentary => "书面检查",
        CheckMethod.OnlineMonitoring => "网络监测",
        CheckMethod.ProfessionalAgency => "委托专业机构",
        CheckMethod.ThirdPartyResults => "采信第三方结果",
        CheckMethod.Testing => "检验检测",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>The categories that say a problem was found, and so call for follow-up.</summary>
    public static bool FindsProblem(this ResultCategory category) =>
        category is ResultCategory.ProblemPending or ResultCategory.ProblemCorrected or ResultCategory.SeriousNonCooperation;
}

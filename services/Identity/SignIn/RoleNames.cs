namespace Shuangsuiji.Identity.SignIn;

public static class RoleNames
{
    /// <summary>The roles' Chinese names, as people know them.</summary>
    public static string Of(string role) => role switch
    {
        "staff" => "业务人员",
        "reviewer" => "审核人员",
        "admin" => "管理员",
        "supervisor" => "双随机办监管人员",
        "system" => "对接系统",
        _ => role,
    };
}

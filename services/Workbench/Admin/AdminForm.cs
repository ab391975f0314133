namespace Shuangsuiji.Workbench.Admin;

/// <summary>
/// What the administrators' forms post: each form fills the fields it has. A command's request id is made when the page is
/// shown, so the same form sent twice takes effect once.
/// </summary>
public sealed class AdminForm
{
    public string RequestId { get; set; } = Guid.NewGuid().ToString("N");
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Code { get; set; }
    public string? Level { get; set; }
    public string? Kind { get; set; }
    public string? Region { get; set; }
    public string? ParentId { get; set; }
    public string? IntoId { get; set; }
    public string? Reason { get; set; }
    public string? EffectiveOn { get; set; }
    public string? Position { get; set; }
    public string? OfficePhone { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }
    public string? Role { get; set; }
    public string? Text { get; set; }

    public static string Trim(string? value) => value?.Trim() ?? "";
}

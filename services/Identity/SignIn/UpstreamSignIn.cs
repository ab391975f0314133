namespace Shuangsuiji.Identity.SignIn;

/// <summary>Single sign-on through an upstream OpenID Connect provider (a province's government login), when one is configured.</summary>
public sealed class UpstreamSignIn(IConfiguration config)
{
    /// <summary>The provider's name on the sign-in page, or null when none is configured.</summary>
    public string? DisplayName => config["Identity:Upstream:Authority"] is { Length: > 0 } ? config["Identity:Upstream:DisplayName"] ?? "统一身份认证" : null;
}

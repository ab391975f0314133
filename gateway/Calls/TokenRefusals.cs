using Grpc.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.Gateway.Calls;

/// <summary>
/// A call the gateway refuses for its token is answered as the services answer, not with a bare 401: UNAUTHENTICATED with
/// an ErrorInfo saying whether the token was missing, expired or not valid, and the message in Chinese — so a client knows
/// to sign in, to refresh its token, or that it holds a wrong one. JSON callers also get the WWW-Authenticate challenge.
/// (The gateway refuses for authentication only: which department may do what, the services decide.)
/// </summary>
public static class TokenRefusals
{
    public static IServiceCollection AddTokenRefusals(this IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt => jwt.Events = new JwtBearerEvents
        {
            OnChallenge = challenge =>
            {
                challenge.HandleResponse();
                var http = challenge.HttpContext;
                if (!GatewayAnswers.IsGrpc(http.Request)) http.Response.Headers.WWWAuthenticate = challenge.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                return challenge.AuthenticateFailure switch
                {
                    null => GatewayAnswers.WriteAsync(http, StatusCode.Unauthenticated, "a bearer token is required (authorization: Bearer …)",
                        "需要持有者令牌（authorization: Bearer …），请先登录", ErrorDetails.TokenMissing),
                    SecurityTokenExpiredException => GatewayAnswers.WriteAsync(http, StatusCode.Unauthenticated, "the bearer token has expired; get a new one",
                        "令牌已过期，请重新获取", ErrorDetails.TokenExpired),
                    _ => GatewayAnswers.WriteAsync(http, StatusCode.Unauthenticated, "the bearer token is not valid (its signature, issuer, audience or form)",
                        "令牌无效（签名、签发方、受众或格式不符）", ErrorDetails.TokenInvalid),
                };
            },
        });
}

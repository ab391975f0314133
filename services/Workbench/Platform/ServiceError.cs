using Google.Rpc;
using Grpc.Core;

namespace Shuangsuiji.Workbench.Platform;

/// <summary>
/// A service's refusal as the pages show it: its Chinese message (the LocalizedMessage in zh-CN), and for a field the
/// problem in Chinese beside that field (BadRequest's field violations); the reason code for whoever reports it.
/// </summary>
public sealed record ServiceError(string Message, string Reason, IReadOnlyDictionary<string, string> Fields)
{
    public static ServiceError Of(RpcException e)
    {
        var status = e.GetRpcStatus();
        var fields = status?.GetDetail<BadRequest>()?.FieldViolations
            .ToDictionary(v => v.Field, v => v.LocalizedMessage?.Message is { Length: > 0 } chinese ? chinese : v.Description) ?? [];
        var message = status?.GetDetail<LocalizedMessage>()?.Message is { Length: > 0 } localized ? localized : Fallback(e.StatusCode);
        return new ServiceError(message, status?.GetDetail<ErrorInfo>()?.Reason ?? e.StatusCode.ToString(), fields);
    }

    /// <summary>The problem with <paramref name="field"/>, if the service named it.</summary>
    public string? For(string field) => Fields.GetValueOrDefault(field);

    /// <summary>A refused download as the browser gets it: the HTTP status of the refusal and its Chinese message.</summary>
    public static async Task RefuseAsync(HttpContext http, RpcException e)
    {
        http.Response.StatusCode = e.StatusCode switch
        {
            StatusCode.NotFound => StatusCodes.Status404NotFound,
            StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
            StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(Of(e).Message, http.RequestAborted);
    }

    /// <summary>For a failure that came without details (the gateway or the network).</summary>
    private static string Fallback(StatusCode code) => code switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => "服务暂时无法访问，请稍后再试",
        StatusCode.PermissionDenied => "无权执行此操作",
        StatusCode.NotFound => "未找到该记录",
        StatusCode.Unauthenticated => "登录已失效，请重新登录",
        _ => "操作未成功，请稍后再试",
    };
}

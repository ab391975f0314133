using System.Text;
using Grpc.Core;

namespace Shuangsuiji.Gateway.Calls;

/// <summary>
/// What the gateway itself answers (a refused or failed call) in the caller's protocol: a gRPC status without a body
/// (trailers-only: gRPC clients read a bare HTTP error as UNAVAILABLE and may retry at once), or the JSON API's error
/// (google.rpc.Status) with the HTTP status the services' JSON transcoding gives that code.
/// </summary>
public static class GatewayAnswers
{
    public static bool IsGrpc(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    public static async Task WriteAsync(HttpContext http, StatusCode code, string message)
    {
        if (IsGrpc(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = ((int)code).ToString();
            http.Response.Headers["grpc-message"] = PercentEncoded(message);
            return;
        }
        http.Response.StatusCode = code switch
        {
            StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
            StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
            StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        await http.Response.WriteAsJsonAsync(new { code = (int)code, message, details = Array.Empty<object>() }, http.RequestAborted);
    }

    /// <summary>grpc-message is percent-encoded UTF-8 (the gRPC HTTP/2 protocol).</summary>
    private static string PercentEncoded(string message)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(message))
            text.Append(b is >= 0x20 and <= 0x7E and not (byte)'%' ? ((char)b).ToString() : $"%{b:X2}");
        return text.ToString();
    }
}

using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Grpc;

namespace Shuangsuiji.Gateway.Calls;

/// <summary>
/// What the gateway itself answers (a refused or failed call) in the caller's protocol: a gRPC status without a body
/// (trailers-only: gRPC clients read a bare HTTP error as UNAVAILABLE and may retry at once), its details in
/// grpc-status-details-bin, or the JSON API's error (google.rpc.Status) with the HTTP status the services' JSON
/// transcoding gives that code.
/// </summary>
public static class GatewayAnswers
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(ErrorDetails.Types));

    public static bool IsGrpc(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    /// <summary>
    /// The gateway's own refusal (a caller without a valid token; a service busy, down or silent; a caller over its limit) with its reason code and the
    /// message in Chinese. A "not yet" says when to try again: RetryInfo in the details, and the header each protocol's
    /// clients know (grpc-retry-pushback-ms, which gRPC's own retry policy obeys; Retry-After for HTTP).
    /// </summary>
    public static Task WriteAsync(HttpContext http, StatusCode code, string message, string chinese, ReasonCode reason)
    {
        if (reason.RetryAfter is { } delay)
        {
            if (IsGrpc(http.Request)) http.Response.Headers["grpc-retry-pushback-ms"] = ((long)delay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            else http.Response.Headers.RetryAfter = ((long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteAsync(http, ErrorDetails.Of(code, message, chinese, reason, http.RequestServices.GetRequiredService<ErrorDomain>()));
    }

    /// <summary>A refusal as the services give one (<see cref="ErrorDetails"/>), from the gateway's own error domain.</summary>
    public static Task WriteAsync(HttpContext http, DomainException refusal) =>
        WriteAsync(http, ErrorDetails.Of(refusal, http.RequestServices.GetRequiredService<ErrorDomain>()));

    private static async Task WriteAsync(HttpContext http, Google.Rpc.Status status)
    {
        var code = (StatusCode)status.Code;
        if (IsGrpc(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = status.Code.ToString();
            http.Response.Headers["grpc-message"] = PercentEncoded(status.Message);
            if (status.Details.Count > 0) http.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
            return;
        }
        http.Response.StatusCode = code switch
        {
            StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
            StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
            StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
            StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(Json.Format(status), http.RequestAborted);
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

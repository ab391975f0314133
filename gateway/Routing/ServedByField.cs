using System.IO.Compression;
using Google.Protobuf;
using Shuangsuiji.Kernel;
using Shuangsuiji.Gateway.Calls;
using Yarp.ReverseProxy.Model;

namespace Shuangsuiji.Gateway.Routing;

/// <summary>
/// A gRPC service every platform service serves (the audit trail) goes to the one its request names: a JSON call by the path's
/// variable, a gRPC call by the request message's field, which the gateway reads from the buffered body (the one thing it
/// reads of a message: routing by content is its own job, not the client's). The service checks the field again.
/// </summary>
public static class ServedByField
{
    public static IReverseProxyApplicationBuilder UseServedByField(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (http, next) =>
        {
            var feature = http.GetReverseProxyFeature();
            if (feature.Route.Config.Metadata?.GetValueOrDefault(RouteTable.FieldKey) is not { } field)
            {
                await next();
                return;
            }
            var named = (http.GetRouteValue(field) as string ?? await FieldOfMessageAsync(http, field))?.Trim() ?? "";
            var names = feature.AllDestinations.Select(d => d.DestinationId).ToList();
            if (feature.AllDestinations.FirstOrDefault(d => d.DestinationId == named) is not { } destination)
            {
                await GatewayAnswers.WriteAsync(http, named.Length == 0
                    ? new InvalidFieldException(field, "is required", "必填", Reasons.FieldRequired)
                    : new InvalidFieldException(field, $"'{named}' is not one of {string.Join(", ", names)}", $"“{named}”不是 {string.Join("、", names)} 之一"));
                return;
            }
            feature.AvailableDestinations = [destination];
            await next();
        });
        return proxy;
    }

    /// <summary>The string field of a unary call's message (5-byte gRPC frame header, then the message), read and put back.</summary>
    private static async Task<string?> FieldOfMessageAsync(HttpContext http, string field)
    {
        if (ApiContracts.Platform.MethodAt(http.Request.Path) is not { IsClientStreaming: false } method) return null;
        var number = method.InputType.FindFieldByName(field).FieldNumber;
        http.Request.EnableBuffering();
        var body = http.Request.Body;
        var header = new byte[5];
        if (await body.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, http.RequestAborted) < 5) return null;
        var message = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
        await body.ReadExactlyAsync(message, http.RequestAborted);
        body.Position = 0;
        var input = header[0] == 1 && http.Request.Headers["grpc-encoding"] == "gzip"
            ? new CodedInputStream(new GZipStream(new MemoryStream(message), CompressionMode.Decompress))
            : new CodedInputStream(message);
        string? value = null;
        while (input.ReadTag() is var tag and not 0)
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited) value = input.ReadString();
            else input.SkipLastField();
        return value;
    }
}

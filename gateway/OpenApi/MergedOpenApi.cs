using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scalar.AspNetCore;
using Shuangsuiji.Gateway.Routing;
using Shuangsuiji.ServiceDefaults.Grpc;
using Yarp.ReverseProxy;

namespace Shuangsuiji.Gateway.OpenApi;

/// <summary>
/// One OpenAPI document for integrators, merged from the services' own (each describes the JSON paths it serves, at
/// <see cref="JsonApi.DocumentPath"/>), at /openapi/v1.json and /swagger/v1/swagger.json, and an interactive reference
/// on it at /api-reference. A service that does not answer is left out and named in the description, and the document
/// is asked for again next time; a whole one is kept for a minute.
/// </summary>
public sealed class MergedOpenApi(IProxyStateLookup proxy, TimeProvider clock, ILogger<MergedOpenApi> log)
{
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);
    private (JsonObject Document, DateTimeOffset Until)? kept;

    public async Task<JsonObject> DocumentAsync(CancellationToken ct)
    {
        if (kept is { } k && clock.GetUtcNow() < k.Until) return k.Document;
        var services = ApiContracts.Platform.ServiceNames;
        var documents = await Task.WhenAll(services.Select(s => FetchAsync(s, ct)));
        var missing = services.Where((_, i) => documents[i] is null).ToList();
        var merged = Merge(documents.OfType<JsonObject>(), missing);
        if (missing.Count == 0) kept = (merged, clock.GetUtcNow() + Kept);
        return merged;
    }

    /// <summary>A service's own document, through the proxy's client to it (so with the same transport and retries).</summary>
    private async Task<JsonObject?> FetchAsync(string service, CancellationToken ct)
    {
        if (!proxy.TryGetCluster(service, out var cluster) || cluster.Destinations.Values.FirstOrDefault() is not { } destination) return null;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(destination.Model.Config.Address), JsonApi.DocumentPath))
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await cluster.Model.HttpClient.SendAsync(request, patience.Token);
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStreamAsync(patience.Token)) as JsonObject;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning(e, "The {Service} service's OpenAPI document could not be read", service);
            return null;
        }
    }

    private static JsonObject Merge(IEnumerable<JsonObject> documents, IReadOnlyList<string> missing)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var tags = new JsonArray();
        foreach (var document in documents)
        {
            foreach (var (path, operations) in document["paths"]?.AsObject() ?? [])
            {
                // A path every service serves (the audit trail's) comes in each document alike: its operations once.
                var merged = paths[path]?.AsObject() ?? (JsonObject)(paths[path] = new JsonObject());
                foreach (var (verb, operation) in operations!.AsObject())
                    if (!merged.ContainsKey(verb))
                        merged[verb] = path.StartsWith("/v1/public/", StringComparison.Ordinal) ? Public(operation!.DeepClone()) : operation!.DeepClone();
            }
            foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
                if (!schemas.ContainsKey(name)) schemas[name] = schema!.DeepClone();
            foreach (var tag in document["tags"]?.AsArray() ?? [])
                if (tags.All(t => t?["name"]?.GetValue<string>() != tag?["name"]?.GetValue<string>())) tags.Add(tag!.DeepClone());
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = new JsonObject
            {
                ["title"] = "双随机、一公开 platform API",
                ["version"] = "v1",
                ["description"] = "The platform's gRPC API as JSON over HTTP, through the gateway. Calls need a bearer token (sub, dept, role); " +
                                  "/v1/public/* is open. A command sent with an x-request-id header takes effect once." +
                                  (missing.Count == 0 ? "" : $" Not described now (the service did not answer): {string.Join(", ", missing)}."),
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" } },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["tags"] = tags,
        };
    }

    private static JsonNode Public(JsonNode operation)
    {
        operation["security"] = new JsonArray();
        return operation;
    }
}

public static class ApiReference
{
    /// <summary>Chinese as it is, not as \u escapes: integrators read the document too.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IServiceCollection AddMergedOpenApi(this IServiceCollection services) => services.AddSingleton<MergedOpenApi>();

    public static WebApplication MapApiReference(this WebApplication app)
    {
        foreach (var path in new[] { JsonApi.DocumentPath, "/openapi/v1.json" })
            app.MapGet(path, async (MergedOpenApi openApi, CancellationToken ct) => Results.Text(
                (await openApi.DocumentAsync(ct)).ToJsonString(Readable), "application/json; charset=utf-8")).AllowAnonymous();
        app.MapScalarApiReference("/api-reference", o => o.WithTitle("双随机、一公开 platform API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        return app;
    }
}

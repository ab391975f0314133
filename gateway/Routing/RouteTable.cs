using System.Net;
using System.Text;
using Google.Protobuf.Reflection;
using Shuangsuiji.Gateway.Public;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Shuangsuiji.Gateway.Routing;

/// <summary>
/// The gateway's routes and clusters, made from the contracts (<see cref="ApiContracts"/>): a gRPC call by its service (the
/// path /package.Service/ names it), a JSON call by the method's google.api.http path, each to the platform service that
/// serves it at Services:{Name}. The services' few plain HTTP paths (the portal, the directory's files) are listed here.
/// Every route needs a token but those of public methods (JSON path under /v1/public/) and the portal.
/// </summary>
public static class RouteTable
{
    public const string KindKey = "kind";
    public const string Grpc = "grpc";
    public const string Json = "json";
    public const string Http = "http";

    /// <summary>On the routes of a service every platform service serves: the request field (or path variable) naming the one to call.</summary>
    public const string FieldKey = "served-by-field";

    private const string Anonymous = "anonymous";
    private const string TokenRequired = "default";

    /// <summary>The services' own HTTP endpoints, which are in no proto.</summary>
    private static readonly (string Id, string Path, string Service, string[] Methods, bool Public)[] HttpPaths =
    [
        ("portal", Portal.Path + "/{**page}", "disclosure", ["GET", "HEAD"], true),
        ("directory upload", "/v1/departments/{department_id}/imports", "directories", ["POST"], false),
        ("directory export", "/v1/departments/{department_id}/entities:export", "directories", ["GET"], false),
    ];

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(ApiContracts api, Func<string, string> addressOf)
    {
        var request = new ForwarderRequestConfig
        {
            // The services listen for HTTP/2 without TLS only; an import's last batches may take a while after its upload.
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, ActivityTimeout = TimeSpan.FromMinutes(5),
        };
        var destinations = api.ServiceNames.ToDictionary(n => n, n => new DestinationConfig { Address = addressOf(n) });
        var clusters = api.ServiceNames.Select(n => new ClusterConfig { ClusterId = n, Destinations = destinations.Where(d => d.Key == n).ToDictionary(), HttpRequest = request })
            .Concat(api.Services.Where(s => s.ServedByField is not null)
                .Select(s => new ClusterConfig { ClusterId = s.Descriptor.FullName, Destinations = destinations, HttpRequest = request }))
            .ToList();

        var routes = new List<RouteConfig>();
        var jsonPaths = new Dictionary<string, string>();
        foreach (var service in api.Services)
        {
            var cluster = service.ServedBy ?? service.Descriptor.FullName;
            var metadata = new Dictionary<string, string> { [KindKey] = Grpc };
            if (service.ServedByField is { } field) metadata[FieldKey] = field;
            routes.Add(new RouteConfig
            {
                RouteId = $"grpc {service.Descriptor.FullName}", ClusterId = cluster, AuthorizationPolicy = TokenRequired, Metadata = metadata,
                Match = new RouteMatch { Path = service.Path + "{**method}", Methods = ["POST"] },
            });
            foreach (var method in service.Descriptor.Methods)
            {
                var open = ApiContracts.IsPublic(method);
                if (open)
                    routes.Add(new RouteConfig
                    {
                        RouteId = $"grpc {method.FullName}", ClusterId = cluster, AuthorizationPolicy = Anonymous, Metadata = metadata,
                        Match = new RouteMatch { Path = service.Path + method.Name, Methods = ["POST"] },
                    });
                foreach (var (verb, template) in ApiContracts.JsonPaths(method))
                {
                    var pattern = RoutePattern(template);
                    if (service.ServedByField is { } named && !pattern.Contains($"{{{named}}}", StringComparison.Ordinal))
                        throw new InvalidOperationException($"{method.FullName}: its JSON path {template} lacks {{{named}}}, which names the service to call");
                    Claim(jsonPaths, verb, pattern, method.FullName);
                    routes.Add(new RouteConfig
                    {
                        RouteId = $"json {method.FullName} {verb} {template}", ClusterId = cluster,
                        AuthorizationPolicy = open ? Anonymous : TokenRequired, Metadata = new Dictionary<string, string>(metadata) { [KindKey] = Json },
                        Match = new RouteMatch { Path = pattern, Methods = [verb] },
                    });
                }
            }
        }
        foreach (var (id, path, service, methods, open) in HttpPaths)
        {
            foreach (var verb in methods) Claim(jsonPaths, verb, path, id);
            var route = new RouteConfig
            {
                RouteId = id, ClusterId = service, AuthorizationPolicy = open ? Anonymous : TokenRequired,
                Metadata = new Dictionary<string, string> { [KindKey] = Http }, Match = new RouteMatch { Path = path, Methods = methods },
            };
            routes.Add(id == "portal" ? route.WithTransformResponseHeadersAllowed(Portal.PassedHeaders) : route);
        }
        return (routes, clusters);
    }

    /// <summary>A google.api.http path template as an ASP.NET Core route pattern: {a.b} as {a_b}, {x=**} as {**x}; a :verb stays a literal.</summary>
    public static string RoutePattern(string template)
    {
        var pattern = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                pattern.Append(template[i]);
                continue;
            }
            var end = template.IndexOf('}', i);
            var variable = template[(i + 1)..end].Split('=', 2);
            var name = variable[0].Replace('.', '_');
            pattern.Append(variable switch
            {
                [_] or [_, "*"] => $"{{{name}}}",
                [_, "**"] => $"{{**{name}}}",
                _ => throw new NotSupportedException($"{template}: the gateway routes variables of one segment (*) or the rest of the path (**) only"),
            });
            i = end;
        }
        return pattern.ToString();
    }

    /// <summary>Two methods (or endpoints) at one JSON path would make a call's destination a matter of chance.</summary>
    private static void Claim(Dictionary<string, string> claimed, string verb, string pattern, string by)
    {
        var key = $"{verb} {System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]*\}", "{}")}";
        if (!claimed.TryAdd(key, by)) throw new InvalidOperationException($"{key} is claimed by both {claimed[key]} and {by}");
    }
}

using System.Reflection;
using Google.Api;
using Google.Protobuf.Reflection;
using Shuangsuiji.Api.Routing.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Shuangsuiji.Gateway.Routing;

/// <summary>A gRPC service of the contracts and where its calls go: the platform service named by its package or its
/// served_by option, or, for a service every platform service serves (served_by_field), the one its request field names.</summary>
public sealed record ApiService(ServiceDescriptor Descriptor, string? ServedBy, string? ServedByField)
{
    public string Path => $"/{Descriptor.FullName}/";
}

/// <summary>
/// The platform's gRPC API as the contracts assembly describes it (every service of a shuangsuiji.* package in
/// contracts/Protos, whichever file holds it), read from the generated descriptors: the gateway's route table and its
/// reflection service are made from this, so an RPC added to a proto needs no change to the gateway.
/// </summary>
public sealed class ApiContracts
{
    public static readonly ApiContracts Platform = new(typeof(ServedByReflection).Assembly);

    private readonly Dictionary<string, MethodDescriptor> methods;

    private ApiContracts(Assembly contracts)
    {
        Files = [.. contracts.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .Where(f => f.Package.StartsWith("shuangsuiji.", StringComparison.Ordinal))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];
        Services = [.. Files.SelectMany(f => f.Services).Select(Of)];
        ServiceNames = [.. Services.Select(s => s.ServedBy).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        methods = Services.SelectMany(s => s.Descriptor.Methods).ToDictionary(m => $"/{m.Service.FullName}/{m.Name}");
    }

    public IReadOnlyList<FileDescriptor> Files { get; }

    public IReadOnlyList<ApiService> Services { get; }

    /// <summary>The platform services behind the gateway (directories, catalog, …), each at the address in Services:{Name}.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    /// <summary>The method a gRPC call's path (/package.Service/Method) names.</summary>
    public MethodDescriptor? MethodAt(string path) => methods.GetValueOrDefault(path);

    /// <summary>The method's JSON paths: its google.api.http rule and the rule's additional bindings.</summary>
    public static IEnumerable<(string Verb, string Template)> JsonPaths(MethodDescriptor method)
    {
        if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule) yield break;
        foreach (var binding in rule.AdditionalBindings.Prepend(rule))
        {
            var path = binding.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("GET", binding.Get),
                HttpRule.PatternOneofCase.Post => ("POST", binding.Post),
                HttpRule.PatternOneofCase.Put => ("PUT", binding.Put),
                HttpRule.PatternOneofCase.Delete => ("DELETE", binding.Delete),
                HttpRule.PatternOneofCase.Patch => ("PATCH", binding.Patch),
                HttpRule.PatternOneofCase.Custom => (binding.Custom.Kind, binding.Custom.Path),
                _ => default,
            };
            if (path.Item2 is { Length: > 0 }) yield return path;
        }
    }

    /// <summary>Public methods (no token) are those whose JSON path is under /v1/public/.</summary>
    public static bool IsPublic(MethodDescriptor method) =>
        JsonPaths(method).Any(p => p.Template.StartsWith("/v1/public/", StringComparison.Ordinal));

    private static ApiService Of(ServiceDescriptor service)
    {
        var options = service.GetOptions();
        var field = options?.GetExtension(ServedByExtensions.ServedByField) is { Length: > 0 } f ? f : null;
        if (field is not null)
        {
            foreach (var method in service.Methods)
                if (method.InputType.FindFieldByName(field) is not { FieldType: FieldType.String })
                    throw new InvalidOperationException($"{method.FullName}: served_by_field names '{field}', which its request {method.InputType.FullName} lacks as a string");
            return new ApiService(service, null, field);
        }
        var servedBy = options?.GetExtension(ServedByExtensions.ServedBy) is { Length: > 0 } s ? s : service.File.Package.Split('.')[1];
        return new ApiService(service, servedBy, null);
    }
}

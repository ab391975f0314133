using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.Swagger;

namespace Shuangsuiji.ServiceDefaults.Grpc;

/// <summary>
/// Each service serves its own gRPC methods as JSON over HTTP (gRPC JSON transcoding of the google.api.http annotations)
/// and describes them, with its other HTTP endpoints, at <see cref="DocumentPath"/>. The gateway proxies the JSON paths
/// and merges the services' descriptions into one.
/// </summary>
public static class JsonApi
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

    internal static void AddJsonApi(this IHostApplicationBuilder builder, IGrpcServerBuilder grpc)
    {
        // The error details' types, so that an error's JSON body carries them (ErrorDetails).
        grpc.AddJsonTranscoding(o => o.TypeRegistry = ErrorDetails.Types);
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo { Title = builder.Environment.ApplicationName, Version = "v1" });
            // Schemas by their proto names: the gateway merges every service's into one document, where short names could collide.
            o.CustomSchemaIds(SchemaId);
            // The portal's pages are HTML for people, not API.
            o.DocInclusionPredicate((_, api) => api.RelativePath?.StartsWith("portal", StringComparison.Ordinal) != true);
        });
    }

    /// <summary>The host's description of its JSON API, when it serves one (the services; the gateway merges theirs).</summary>
    internal static void MapJsonApiDescription(this WebApplication app)
    {
        if (app.Services.GetService<ISwaggerProvider>() is null) return;
        app.MapSwagger("/swagger/{documentName}/swagger.json").AllowAnonymous();
    }

    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<Type, string>> EnumNames = new();

    private static string SchemaId(Type type)
    {
        if (typeof(IMessage).IsAssignableFrom(type)
            && type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor message)
            return message.FullName;
        if (type.IsEnum && EnumNames.GetOrAdd(type.Assembly, ProtoEnums).TryGetValue(type, out var name)) return name;
        return type.Name;
    }

    private static IReadOnlyDictionary<Type, string> ProtoEnums(Assembly assembly)
    {
        var names = new Dictionary<Type, string>();
        void Add(IEnumerable<EnumDescriptor> enums)
        {
            foreach (var e in enums.Where(e => e.ClrType is not null)) names[e.ClrType] = e.FullName;
        }
        void AddNested(IEnumerable<MessageDescriptor> messages)
        {
            foreach (var m in messages)
            {
                Add(m.EnumTypes);
                AddNested(m.NestedTypes);
            }
        }
        foreach (var file in assembly.GetTypes()
                     .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
                     .Where(p => p?.PropertyType == typeof(FileDescriptor)).Select(p => (FileDescriptor)p!.GetValue(null)!))
        {
            Add(file.EnumTypes);
            AddNested(file.MessageTypes);
        }
        return names;
    }
}

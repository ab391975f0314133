using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// One of the platform's hosts, in process, wired to the real servers: its own database schema and the test
/// class's RabbitMQ virtual host. <typeparamref name="TMarker"/> is any type of the host's assembly.
/// </summary>
public class ServiceHost<TMarker>(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<TMarker> where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }
}

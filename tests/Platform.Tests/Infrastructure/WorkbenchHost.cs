using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Workbench.Platform;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// The workbench in process, as the test platform's registered console (https://console.test/): it reads the identity
/// service's discovery document and redeems codes in process, and calls the platform through the in-process gateway. Two
/// hosts given the same <paramref name="schema"/> share their sessions and keys, as replicas share their database.
/// </summary>
public sealed class WorkbenchHost(PlatformFixture platform, string schema, IReadOnlyDictionary<string, string?>? settings = null)
    : ServiceHost<Shuangsuiji.Workbench.SignIn.WorkbenchOptions>(Settings(schema, settings), services =>
    {
        services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = platform.Identity.Server.CreateHandler());
        foreach (var client in GatewayClients.Names)
            services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(() => platform.Gateway.Server.CreateHandler());
        services.AddSingleton<TimeProvider>(platform.Clock);
    })
{
    public static readonly Uri Address = new("https://console.test/");

    /// <summary>Blazor's script (the import's live progress) is served from its package, as in development: the build's manifest says where.</summary>
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.Hosting.WebHostBuilderExtensions.UseStaticWebAssets(builder);
    }

    private static Dictionary<string, string?> Settings(string schema, IReadOnlyDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = TestEnvironment.Postgres,
            ["Marten:Schema"] = schema,
            ["Auth:Authority"] = TestTokens.Issuer,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Workbench:ClientId"] = PlatformFixture.ConsoleClient.ClientId,
            ["Workbench:ClientSecret"] = PlatformFixture.ConsoleClient.Secret,
            ["Workbench:PublicAddress"] = "https://gateway.test",
            ["Services:Gateway"] = "http://gateway",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }
}

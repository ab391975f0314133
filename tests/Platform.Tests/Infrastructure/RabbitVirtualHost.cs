using System.Net.Http.Headers;
using System.Text;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of its own for one test class, made through the management API, so classes
/// running in parallel never see each other's messages. Deleted with everything in it at the end.
/// </summary>
public sealed class RabbitVirtualHost : IAsyncDisposable
{
    private readonly HttpClient management;

    private RabbitVirtualHost(string name, HttpClient management, Uri amqp)
    {
        Name = name;
        this.management = management;
        Amqp = amqp;
    }

    public string Name { get; }

    /// <summary>The amqp:// URI of this virtual host, with the test user's credentials.</summary>
    public Uri Amqp { get; }

    public static async Task<RabbitVirtualHost> CreateAsync(string name)
    {
        var broker = TestEnvironment.RabbitMq;
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        var api = TestEnvironment.RabbitManagement;
        var management = new HttpClient { BaseAddress = new Uri(api.GetLeftPart(UriPartial.Authority)) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(api.UserInfo))));
        (await management.PutAsync($"/api/vhosts/{name}", Json("{}"))).EnsureSuccessStatusCode();
        (await management.PutAsync($"/api/permissions/{name}/{Uri.EscapeDataString(user)}",
            Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();
        return new RabbitVirtualHost(name, management, new UriBuilder(broker) { Path = "/" + name }.Uri);
    }

    /// <summary>How many messages wait in a queue of this virtual host (0 when the queue does not exist).</summary>
    public async Task<int> MessagesIn(string queue)
    {
        var response = await management.GetAsync($"/api/queues/{Name}/{queue}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return 0;
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("messages", out var messages) ? messages.GetInt32() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        await management.DeleteAsync($"/api/vhosts/{Name}");
        management.Dispose();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

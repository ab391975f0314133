using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// The real servers the tests run against. infra/dev.sh test starts a private PostgreSQL and RabbitMQ and
/// sets these variables; without them the tests fail and say so, rather than silently skipping.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres => Required("SSYG_TEST_POSTGRES");

    public static Uri RabbitMq => new(Required("SSYG_TEST_RABBITMQ"));

    public static Uri RabbitManagement => new(Required("SSYG_TEST_RABBITMQ_MANAGEMENT"));

    public static string Token(Caller caller) => TestTokens.For(caller);

    /// <summary>The checkout the tests run from (its docs and manifests are tested too).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A port on the loopback free now, for a host whose address must be known before it starts (a browser's origin).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Shuangsuiji.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Shuangsuiji.slnx found in {AppContext.BaseDirectory} or any parent folder.");
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with `infra/dev.sh test`, which starts PostgreSQL and RabbitMQ and sets it.");
}

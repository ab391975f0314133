using System.Diagnostics;
using System.Text.Json;
using Shuangsuiji.Platform.Tests.Infrastructure;

namespace Shuangsuiji.Platform.Tests.Kubernetes;

/// <summary>
/// Every host publishes a container image with <c>dotnet publish -t:PublishContainer</c> under the name the manifests
/// deploy, on the runtime base image, as the non-root user the manifests run it as, exposing the ports they probe. The
/// settings are read as MSBuild evaluates each project (no image is built: that needs a registry with the base image).
/// </summary>
public sealed class ContainerImageTests
{
    public static TheoryData<string, string> Hosts => new()
    {
        { "gateway/Gateway.csproj", "gateway" },
        { "services/Identity/Identity.csproj", "identity" },
        { "services/Directories/Directories.csproj", "directories" },
        { "services/Catalog/Catalog.csproj", "catalog" },
        { "services/Disclosure/Disclosure.csproj", "disclosure" },
        { "services/Draws/Draws.csproj", "draws" },
        { "services/Tasks/Tasks.csproj", "tasks" },
        { "services/Supervision/Supervision.csproj", "supervision" },
        { "services/Workbench/Workbench.csproj", "workbench" },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Each_host_publishes_a_non_root_image_named_as_the_manifests_deploy_it(string project, string host)
    {
        var evaluated = await EvaluateAsync(project);
        var properties = evaluated.GetProperty("Properties");
        string Property(string name) => properties.GetProperty(name).GetString() ?? "";

        Assert.Equal("true", Property("EnableSdkContainerSupport"));
        Assert.Equal($"shuangsuiji/{host}", Property("ContainerRepository"));
        var baseManifest = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "k8s", "base", $"{host}.yaml"));
        Assert.Contains($"image: {Property("ContainerRepository")}\n", baseManifest, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+$", Property("ContainerImageTag"));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Property("ContainerBaseImage"));
        // host-defaults.yaml runs every host as this user; a numeric one lets the kubelet check runAsNonRoot.
        Assert.Equal("1654", Property("ContainerUser"));
        Assert.Contains("runAsUser: 1654", File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "k8s", "base", "host-defaults.yaml")), StringComparison.Ordinal);
        var ports = evaluated.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray()
            .Select(p => (p.GetProperty("Identity").GetString(), p.GetProperty("Type").GetString())).Order().ToArray();
        Assert.Equal([("8080", "tcp"), ("8081", "tcp")], ports);
    }

    private static async Task<JsonElement> EvaluateAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "msbuild", project, "-nologo", "-getProperty:EnableSdkContainerSupport", "-getProperty:ContainerRepository",
                     "-getProperty:ContainerImageTag", "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser", "-getItem:ContainerPort",
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"`dotnet msbuild {project}` exited with {process.ExitCode}:\n{await errors}{await output}");
        var json = await output;
        return JsonDocument.Parse(json[Math.Max(0, json.IndexOf('{', StringComparison.Ordinal))..]).RootElement.Clone();
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// Issue 17: the container image. Images cannot be built or pulled here, so the Dockerfile is checked as text (a small
/// base, a self-contained and untrimmed publish, a HEALTHCHECK, a user that is not root) and what its build stage
/// makes, the self-contained publish, is run as the image runs it: a node and the health probe, with no .NET installed
/// for them to lean on.
/// </summary>
public sealed partial class ContainerImageSpec(SelfContainedPublish publish) : IClassFixture<SelfContainedPublish>
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepoRoot.Path, "Dockerfile"));

    [GeneratedRegex(@"^FROM (\S+)", RegexOptions.Multiline)]
    private static partial Regex From();

    [GeneratedRegex(@"^RUN dotnet publish (.*)$", RegexOptions.Multiline)]
    private static partial Regex Publish();

    [GeneratedRegex(@"^HEALTHCHECK (.*)$", RegexOptions.Multiline)]
    private static partial Regex Healthcheck();

    [GeneratedRegex(@"^USER (\S+)$", RegexOptions.Multiline)]
    private static partial Regex User();

    [Fact]
    public void Issue17_the_image_runs_a_self_contained_untrimmed_publish_on_runtime_deps()
    {
        var stages = From().Matches(Dockerfile).Select(m => m.Groups[1].Value).ToList();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", stages[^1]);

        var flags = Assert.Single(Publish().Matches(Dockerfile)).Groups[1].Value;
        Assert.Contains("-c Release", flags, StringComparison.Ordinal);
        Assert.Matches(@"(^|\s)-r \$RID(\s|$)", flags);
        Assert.Matches(@"ARG RID=linux-x64\n", Dockerfile);
        Assert.Contains("--self-contained true", flags, StringComparison.Ordinal);
        // Akka.NET finds actors and serializers by reflection: trimming would cut them away.
        Assert.Contains("-p:PublishTrimmed=false", flags, StringComparison.Ordinal);
        Assert.DoesNotContain("PublishAot", Dockerfile, StringComparison.Ordinal);
        foreach (var project in Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories)
                     .Append(Path.Combine(RepoRoot.Path, "Directory.Build.props")))
        {
            Assert.DoesNotMatch(@"<PublishTrimmed>\s*true|<PublishAot>\s*true", File.ReadAllText(project));
        }
    }

    [Fact]
    public void Issue17_the_image_checks_its_health_with_its_own_binary_and_runs_as_a_numeric_user_that_is_not_root()
    {
        var check = Assert.Single(Healthcheck().Matches(Dockerfile)).Groups[1].Value;
        Assert.EndsWith("""CMD ["/app/actortrap", "ctl", "health"]""", check, StringComparison.Ordinal);
        Assert.Contains("""ENTRYPOINT ["/app/actortrap"]""", Dockerfile, StringComparison.Ordinal);

        var user = User().Matches(Dockerfile).Select(m => m.Groups[1].Value).Last();
        var uid = int.Parse(user.Split(':')[0], CultureInfo.InvariantCulture);
        Assert.NotEqual(0, uid);
        // The same user as runAsUser in the pod, so runAsNonRoot can verify it.
        Assert.Contains($"runAsUser: {uid}", File.ReadAllText(Path.Combine(RepoRoot.Path, "k8s", "statefulset.yaml")), StringComparison.Ordinal);

        // The header issue 16 wrote stays: which resolver to use, and the greeting's name.
        Assert.Contains("ENV ACTORTRAP_SMTP_HOSTNAME=", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("127.0.0.11", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue17_the_docs_say_how_to_reach_the_admin_endpoint_from_outside_the_container()
    {
        var operations = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "operations.md"));
        var container = operations[operations.IndexOf("### The container image", StringComparison.Ordinal)..];
        container = container[..container.IndexOf("\n## ", StringComparison.Ordinal)];
        foreach (var needed in new[] { "ACTORTRAP_ADMIN_LISTEN=0.0.0.0:9110", "ACTORTRAP_ADMIN_TOKEN", "-p 127.0.0.1:9110:9110", "ctl health", "#token=" })
        {
            Assert.Contains(needed, container, StringComparison.Ordinal);
            Assert.Contains(needed, Dockerfile, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Issue17_the_self_contained_publish_runs_a_node_whose_health_its_own_binary_probes()
    {
        // Self-contained: the runtime is in the folder, and the binary starts with no .NET to be found elsewhere.
        Assert.True(File.Exists(Path.Combine(publish.Directory, "libcoreclr.so")), publish.PublishOutput);
        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(publish.Directory, "actortrap.runtimeconfig.json"))))
        {
            Assert.True(config.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _), config.RootElement.ToString());
        }

        var noDotnet = new Dictionary<string, string?> { ["PATH"] = "/usr/local/sbin:/nonexistent", ["DOTNET_ROOT"] = "/nonexistent" };
        var work = Directory.CreateTempSubdirectory("actortrap-selfcontained-").FullName;
        using var node = ActorTrapProcess.StartProgram(publish.Binary,
            ["run", "--set", "actortrap.admin.listen=\"127.0.0.1:0\"", "--set", "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
             "--set", "actortrap.dnsbl.zones=[]"], noDotnet, work);
        var admin = (await node.WaitForOutputAsync(@"Admin endpoint listening on (http://[0-9.:]+)", TimeSpan.FromSeconds(60))).Groups[1].Value;
        await node.WaitForOutputAsync("started in", TimeSpan.FromSeconds(60));

        var (code, stdout, stderr) = await ProbeAsync(admin, noDotnet, work);
        Assert.True(code == 0, $"ctl health exited {code}: {stdout}{stderr}\nnode log:\n{node.Stdout}{node.Stderr}");
        Assert.Equal("ok", stdout.Trim());

        node.Dispose();
        (code, _, stderr) = await ProbeAsync(admin, noDotnet, work);
        Assert.Equal(1, code);
        Assert.Contains("/healthz", stderr, StringComparison.Ordinal);
    }

    private async Task<(int, string, string)> ProbeAsync(string admin, Dictionary<string, string?> environment, string work)
    {
        using var probe = ActorTrapProcess.StartProgram(publish.Binary, ["ctl", "health", "--admin", admin], environment, work);
        var code = await probe.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (code, probe.Stdout, probe.Stderr);
    }
}

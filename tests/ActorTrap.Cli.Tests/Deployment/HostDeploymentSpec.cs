using System.Text.RegularExpressions;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// Issue 16: the systemd unit and the container image as shipped. The unit starts after the host's resolver and both
/// set the SMTP greeting name through a variable the configuration reads; the image says what resolver to use.
/// </summary>
public sealed partial class HostDeploymentSpec
{
    private static readonly string Unit = File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy", "actortrap.service"));

    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepoRoot.Path, "Dockerfile"));

    /// <summary>Every value of a <c>Name=</c> directive of the unit, split on spaces (systemd's list syntax).</summary>
    private static IReadOnlyList<string> UnitValues(string directive) =>
        [.. Regex.Matches(Unit, $@"^{directive}=(.*)$", RegexOptions.Multiline).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    private static Dictionary<string, string?> UnitEnvironment =>
        UnitValues("Environment").Select(v => v.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1]);

    private static Dictionary<string, string?> ImageEnvironment =>
        Regex.Matches(Dockerfile, @"^ENV (\w+)=(\S+)$", RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value, m => (string?)m.Groups[2].Value);

    [Fact]
    public void Issue16_the_unit_starts_after_the_hosts_resolver_and_pulls_in_unbound()
    {
        Assert.Contains("unbound.service", UnitValues("After"));
        Assert.Contains("nss-lookup.target", UnitValues("After"));
        Assert.Contains("unbound.service", UnitValues("Wants"));
        // The node asks 127.0.0.1:53 there: the reference's default, not changed by the unit.
        Assert.DoesNotContain(UnitEnvironment.Keys, k => k.StartsWith("ACTORTRAP_DNS", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue16_the_unit_runs_the_command_a_root_install_links()
    {
        var install = File.ReadAllText(Path.Combine(RepoRoot.Path, "scripts", "install.sh"));
        Assert.Contains("prefix=/usr/local", install, StringComparison.Ordinal);
        Assert.StartsWith("/usr/local/bin/actortrap run ", Regex.Match(Unit, "^ExecStart=(.*)$", RegexOptions.Multiline).Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue17_systemctl_reload_sends_the_node_sighup()
    {
        Assert.Equal("/bin/kill -HUP $MAINPID", Regex.Match(Unit, "^ExecReload=(.*)$", RegexOptions.Multiline).Groups[1].Value);
        var operations = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "operations.md"));
        Assert.Contains("## Reload", operations, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unit")]
    [InlineData("image")]
    public async Task Issue16_the_greeting_name_is_set_through_a_variable_the_configuration_reads(string deployment)
    {
        var environment = deployment == "unit" ? UnitEnvironment : ImageEnvironment;
        Assert.True(environment.TryGetValue("ACTORTRAP_SMTP_HOSTNAME", out var name), $"the {deployment} sets no ACTORTRAP_SMTP_HOSTNAME");
        Assert.Contains('.', name!);

        // The node started with that environment greets with the name.
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["config", "check", "--print"], TimeSpan.FromSeconds(30), environment);
        Assert.True(code == 0, stderr);
        Assert.Matches($@"hostname = ""?{Regex.Escape(name!)}""?\n", stdout);
    }

    [Fact]
    public void Issue16_the_image_says_which_resolver_to_point_the_node_at()
    {
        Assert.Contains("actortrap.dns.servers", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("--network host", Dockerfile, StringComparison.Ordinal);
        var operations = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "operations.md"));
        var container = operations[operations.IndexOf("### The container image", StringComparison.Ordinal)..];
        container = container[..container.IndexOf("\n## ", StringComparison.Ordinal)];
        Assert.Contains("actortrap.dns.servers", container, StringComparison.Ordinal);
    }
}

namespace ActorTrap.Cli.Tests.Ctl;

/// <summary>
/// Issue 16: one variable for the admin token. A node whose token comes from <c>ACTORTRAP_ADMIN_TOKEN</c> (the systemd
/// env file, the pod's Secret) is reachable by <c>ctl</c> run with that same environment; <c>ACTORTRAP_TOKEN</c>, what
/// ctl read before, still works as a deprecated alias.
/// </summary>
public sealed class CtlTokenVariableSpec : IAsyncLifetime
{
    private const string Token = "issue16-env-file-token-0123456789";

    private ActorTrapProcess? node;
    private string admin = "";

    public async Task InitializeAsync()
    {
        // As systemd starts it: the token only in the environment, never on the command line.
        node = ActorTrapProcess.Start(
            ["run", "--set", "actortrap.admin.listen=\"127.0.0.1:0\"", "--set", "actortrap.smtp.listen=[\"127.0.0.1:0\"]", "--set", "actortrap.dns.servers=[\"127.0.0.1:9\"]"],
            new Dictionary<string, string?> { ["ACTORTRAP_ADMIN_TOKEN"] = Token });
        admin = (await node.WaitForOutputAsync(@"Admin endpoint listening on (http://[0-9.:]+)", TimeSpan.FromSeconds(30))).Groups[1].Value;
    }

    public Task DisposeAsync()
    {
        node?.Dispose();
        return Task.CompletedTask;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Actors(Dictionary<string, string?> environment)
    {
        environment["ACTORTRAP_ADMIN"] = admin;
        return ActorTrapProcess.RunAsync(["ctl", "actors", "--json"], TimeSpan.FromSeconds(30), environment);
    }

    [Fact]
    public async Task Issue16_ctl_uses_the_same_ACTORTRAP_ADMIN_TOKEN_the_node_reads()
    {
        var (code, stdout, stderr) = await Actors(new() { ["ACTORTRAP_ADMIN_TOKEN"] = Token });
        Assert.True(code == 0, stderr);
        Assert.Contains("SessionsActor", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_the_deprecated_ACTORTRAP_TOKEN_still_works_alone()
    {
        var (code, _, stderr) = await Actors(new() { ["ACTORTRAP_TOKEN"] = Token });
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task Issue16_ACTORTRAP_ADMIN_TOKEN_wins_over_the_deprecated_variable()
    {
        var (code, _, stderr) = await Actors(new() { ["ACTORTRAP_ADMIN_TOKEN"] = Token, ["ACTORTRAP_TOKEN"] = "stale-token-from-an-old-script" });
        Assert.True(code == 0, stderr);
    }
}

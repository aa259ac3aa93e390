using System.Net;
using System.Net.Http.Headers;

namespace ActorTrap.Cli.Tests;

public sealed class RunCommandTests
{
    private const int Sigterm = 15;
    private const int Sigint = 2;

    private static string[] RunArgs(params string[] extra) =>
        ["run", "--set", "actortrap.admin.listen=\"127.0.0.1:0\"", "--set", "actortrap.smtp.listen=[\"127.0.0.1:0\"]", "--set", "actortrap.smtp.permit=[]", "--set", "actortrap.dns.servers=[\"127.0.0.1:9\"]", .. extra];

    private static async Task<Uri> WaitForAdminAsync(ActorTrapProcess node)
    {
        var m = await node.WaitForOutputAsync(@"Admin endpoint listening on (http://[0-9.:]+)", TimeSpan.FromSeconds(30));
        return new Uri(m.Groups[1].Value);
    }

    [Theory]
    [InlineData(Sigterm)]
    [InlineData(Sigint)]
    public async Task Node_serves_healthz_and_stops_cleanly_on_signal(int signal)
    {
        using var node = ActorTrapProcess.Start(RunArgs());
        var admin = await WaitForAdminAsync(node);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var body = await http.GetStringAsync(new Uri(admin, "/healthz"));
        // Nothing answers DNS on 127.0.0.1:9: once the default zone's self-test has failed the node is alive but degraded.
        Assert.Matches("^(ok\n|degraded\ndnsbl: )", body);

        node.Signal(signal);
        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, node.Stderr + node.Stdout);
        Assert.Contains("stopped cleanly", node.Stdout);
    }

    [Fact]
    public async Task Node_with_a_token_refuses_requests_without_it_but_keeps_healthz_open()
    {
        const string token = "0123456789abcdef-test-token";
        using var node = ActorTrapProcess.Start(RunArgs("--set", $"actortrap.admin.token=\"{token}\""));
        var admin = await WaitForAdminAsync(node);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(admin, "/healthz"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(admin, "/api/actors"))).StatusCode);

        using var authorized = new HttpRequestMessage(HttpMethod.Get, new Uri(admin, "/api/actors"));
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await http.SendAsync(authorized)).StatusCode);
        Assert.DoesNotContain(token, node.Stdout + node.Stderr);
    }

    [Fact]
    public async Task Issue14_a_taken_bootstrap_management_port_stops_run_with_exit_1_and_an_error_naming_port_and_key()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        // The actor system starts, and joining fails, before the store is opened: no database is needed to get there.
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(RunArgs(
            "--set", "actortrap.cluster.discovery=kubernetes", "--set", $"actortrap.cluster.kubernetes.management-port={port}",
            "--set", "actortrap.reputation.postgres.connection-string=\"Host=127.0.0.1;Port=9;Username=a;Password=b;Database=c\"",
            "--set", "akka.discovery.kubernetes-api.api-service-host-env-name=ACTORTRAP_SPEC_NO_KUBERNETES_API"), TimeSpan.FromSeconds(60));
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Matches($@"Node could not start: .*127\.0\.0\.1:{port} \(actortrap\.cluster\.kubernetes\.management-port\)", stdout + stderr);
        Assert.DoesNotContain("Admin endpoint listening", stdout);
    }

    [Fact]
    public async Task Issue16_smtp_address_in_use_stops_run_naming_the_address_and_the_listener()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(RunArgs("--set", $"actortrap.smtp.listen=[\"127.0.0.1:{port}\"]"));
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"Node could not start: actortrap.smtp.listen: 127.0.0.1:{port} is already in use, so the SMTP listener cannot listen there",
            stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_admin_address_in_use_stops_run_naming_the_address_and_the_listener()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(RunArgs("--set", $"actortrap.admin.listen=\"127.0.0.1:{port}\""));
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"Node could not start: actortrap.admin.listen: 127.0.0.1:{port} is already in use, so the admin endpoint cannot listen there",
            stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_cluster_remoting_port_in_use_stops_run_naming_the_address_and_the_key()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(RunArgs("--set", $"actortrap.cluster.port={port}"));
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        // Before issue 16 the line said "Value cannot be null. (Parameter 'source')", from deep in Akka's failed start.
        Assert.Contains($"Node could not start: actortrap.cluster.port: 127.0.0.1:{port} is already in use, so the cluster remoting (Akka.Remote) cannot listen there",
            stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_data_directory_that_cannot_be_created_is_named_with_the_reason()
    {
        // Owned by whoever runs the tests, readable by all, writable by its owner only; the node runs as someone else
        // (nobody) when the tests run as root, and as a user who may not write there otherwise.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the node runs on Linux; this spec uses setpriv and Unix file modes");
        }

        var parent = Directory.CreateTempSubdirectory("actortrap-readonly-").FullName;
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | (Environment.UserName == "root" ? UnixFileMode.UserWrite : UnixFileMode.None));
        var dataDir = Path.Combine(parent, "data");
        using var node = ActorTrapProcess.StartUnprivileged(RunArgs("--set", $"actortrap.data-dir=\"{dataDir}\""), parent);
        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(code == 1, $"exit {code}\n{node.Stdout}\n{node.Stderr}");
        Assert.Contains($"Node could not start: actortrap.data-dir: cannot create or open {dataDir}: permission denied", node.Stdout + node.Stderr,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir));
    }

    [Fact]
    public async Task Issue16_second_node_on_a_data_directory_in_use_is_told_another_node_uses_it()
    {
        var dataDir = Directory.CreateTempSubdirectory("actortrap-shared-data-").FullName;
        using var first = ActorTrapProcess.Start(RunArgs("--set", $"actortrap.data-dir=\"{dataDir}\""));
        await WaitForAdminAsync(first);

        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(RunArgs("--set", $"actortrap.data-dir=\"{dataDir}\""));
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var line = Assert.Single((stdout + stderr).Split('\n'), l => l.Contains("Node could not start", StringComparison.Ordinal));
        Assert.Contains($"Node could not start: actortrap.data-dir: {dataDir} is being used by another node", line, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot access the file", line, StringComparison.Ordinal); // what it said before issue 16
        Assert.False(first.HasExited);

        first.Signal(Sigterm);
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Run_with_a_bad_config_exits_2_and_starts_nothing()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["run", "--set", "actortrap.actors.ask-timeout=soon"]);
        Assert.Equal(2, code);
        Assert.Contains("actortrap.actors.ask-timeout", stderr);
        Assert.DoesNotContain("Admin endpoint listening", stdout);
    }
}

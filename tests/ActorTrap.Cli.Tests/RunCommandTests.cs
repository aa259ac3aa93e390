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
        Assert.Equal("ok\n", body);

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
    public async Task Run_with_a_bad_config_exits_2_and_starts_nothing()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["run", "--set", "actortrap.actors.ask-timeout=soon"]);
        Assert.Equal(2, code);
        Assert.Contains("actortrap.actors.ask-timeout", stderr);
        Assert.DoesNotContain("Admin endpoint listening", stdout);
    }
}

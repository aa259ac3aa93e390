using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Hosting;

/// <summary>
/// Issue 16: a node whose resolver is not up yet reports DNSBL health as degraded on /readyz and /healthz, stays ready
/// unless configured otherwise, and notices the resolver within seconds once unbound starts answering on its port.
/// Real time: the node, unbound and rbldnsd are real; every wait polls with a deadline.
/// </summary>
public sealed class NodeHostDnsblHealthSpec
{
    private const string Zone = "$SOA 300 ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 60\n127.0.0.2\n";

    private static async Task<NodeHost> StartNodeAsync(LogCapture logs, int resolverPort, params string[] extra)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, [
            "actortrap.admin.listen=\"127.0.0.1:0\"",
            "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"",
            $"actortrap.dns.servers=[\"127.0.0.1:{resolverPort}\"]",
            "actortrap.dns.timeout=200ms",
            "actortrap.dns.retries=0",
            "actortrap.dnsbl.zones=[{zone=bl.test, codes=\"127.0.0.[2..11]\"}]",
            "actortrap.dnsbl.self-test-retry-min=1s",
            "actortrap.dnsbl.self-test-retry-max=2s",
            .. extra,
        ]), _ => null);
        Assert.Empty(loaded.Errors);
        return await NodeHost.StartAsync(loaded.Settings!, logs, CancellationToken.None);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Body)> WaitForAsync(HttpClient http, string path, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var reply = await GetAsync(http, path);
            if (reply.Body.Contains(text, StringComparison.Ordinal))
            {
                return reply;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} did not say \"{text}\" within 30 s; it said:\n{reply.Body}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Issue16_node_without_a_resolver_is_degraded_but_ready_and_healthy_again_once_unbound_answers()
    {
        using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", Zone));
        var resolverPort = FreePort.UdpAndTcp(IPAddress.Loopback); // nothing answers there yet
        var logs = new LogCapture();
        await using var node = await StartNodeAsync(logs, resolverPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{node.AdminEndPoint}"), Timeout = TimeSpan.FromSeconds(10) };

        var (status, body) = await WaitForAsync(http, "/readyz", "dnsbl: degraded");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.Contains($"127.0.0.1:{resolverPort}", StringComparison.Ordinal), body); // names the server
        var health = await GetAsync(http, "/healthz");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.StartsWith("degraded\ndnsbl: 1 of 1 zone disabled by its self-test: bl.test", health.Body, StringComparison.Ordinal);
        using (var stats = System.Text.Json.JsonDocument.Parse((await GetAsync(http, "/api/dns/stats")).Body))
        {
            var zone = stats.RootElement.GetProperty("zones")[0];
            Assert.Equal("disabled by self-test", zone.GetProperty("state").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.String, zone.GetProperty("nextRetry").ValueKind);
        }

        var options = new UnboundOptions { Port = resolverPort };
        options.Upstreams.Add(new UnboundUpstream("bl.test", bl.EndPoint));
        using var unbound = await Unbound.StartAsync(options);

        (status, body) = await WaitForAsync(http, "/readyz", "dnsbl: ok: 1 zone passes its self-test");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok\n", (await GetAsync(http, "/healthz")).Body);
        Assert.Single(logs.Messages(2005));
        Assert.Single(logs.Messages(2006));
        Assert.True(logs.Messages(2004).Count >= 2, "the failed self-test was retried (the interval is 30 min)");
    }

    [Fact]
    public async Task Issue16_degraded_is_not_ready_when_configured_so()
    {
        var resolverPort = FreePort.UdpAndTcp(IPAddress.Loopback);
        var logs = new LogCapture();
        await using var node = await StartNodeAsync(logs, resolverPort, "actortrap.dnsbl.degraded-is-not-ready=on");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{node.AdminEndPoint}"), Timeout = TimeSpan.FromSeconds(10) };

        var (status, body) = await WaitForAsync(http, "/readyz", "dnsbl: not ready: degraded: 1 of 1 zone");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("smtp: ok", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/healthz")).Status);
        Assert.Contains("the node stays not ready", Assert.Single(logs.Messages(2005)), StringComparison.Ordinal);
    }
}

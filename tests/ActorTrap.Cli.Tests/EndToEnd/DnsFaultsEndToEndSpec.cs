using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ActorTrap.Dns;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 8, DNS faults through a real <c>actortrap run</c>: its only DNS server answers garbage, never answers, or is a
/// port nothing listens on. A client from 127.0.0.2 (listed by any working DNSBL, RFC 5782) still gets its greeting
/// within the lookup budget and its session ends in one verdict, as not listed; the zone's self-test disables the
/// zone, and enables it again once the server answers properly, after which 127.0.0.2 is held.
/// </summary>
public sealed class DnsFaultsEndToEndSpec(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Zone = "bl.dnsfaults.test";
    private static readonly IPAddress Listed = IPAddress.Parse("127.0.0.2");
    private static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(1);

    private volatile string behaviour = "garbage";

    /// <summary>
    /// garbage: random bytes under the query's id and a real answer cut short; proper: 127.0.0.2 listed, all else
    /// NXDOMAIN; silent: nothing.
    /// </summary>
    private async Task ScriptAsync(ScriptedDnsServer.Received r, ScriptedDnsServer s)
    {
        var q = r.Query;
        var proper = q.Questions[0].Type == DnsType.A && q.Questions[0].Name.StartsWith("2.0.0.127.", StringComparison.Ordinal)
            ? ScriptedDnsServer.Answer(q, answers: ScriptedDnsServer.A(q, "127.0.0.2"))
            : ScriptedDnsServer.Answer(q, DnsRcode.NxDomain);
        switch (behaviour)
        {
            case "proper":
                await s.SendAsync(proper, r.From);
                break;
            case "garbage":
                var noise = new byte[64];
                Random.Shared.NextBytes(noise);
                r.Bytes.AsSpan(0, 2).CopyTo(noise);
                noise[4] = noise[5] = 0xFF; // a question count no 64 bytes can hold
                await s.SendAsync(noise, r.From);
                await s.SendAsync(proper[..^6], r.From);
                break;
        }
    }

    private static Task<RunningNode> StartNodeAsync(string dnsServer, string selfTest) => RunningNode.StartAsync(dnsServer, Zone, settings:
    [
        "actortrap.dns.timeout=3s",
        "actortrap.dns.retries=0",
        $"actortrap.dns.lookup-budget={LookupBudget.TotalMilliseconds}ms",
        $"actortrap.dnsbl.self-test-interval={selfTest}",
        "actortrap.smtp.greet-pause=300ms",
        "actortrap.smtp.hold=30s",
    ]);

    [Theory]
    [InlineData("garbage")]
    [InlineData("silent")]
    [InlineData("closed-port")]
    public async Task Session_is_greeted_within_the_lookup_budget_and_ends_in_one_verdict_when_dns_is_broken(string fault)
    {
        behaviour = fault;
        using var server = new ScriptedDnsServer(ScriptAsync);
        var spec = fault == "closed-port" ? $"127.0.0.1:{ClosedUdpPort()}" : server.ServerSpec;
        using var node = await StartNodeAsync(spec, "0s");

        using (var client = await RawSmtpClient.ConnectAsync(Listed, node.Smtp))
        {
            Assert.True(await client.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(10)), node.Log);
            // The session waits at most the budget plus its 0.5 s margin; 1 s more for a loaded machine.
            output.WriteLine($"{fault}: final 220 after {client.Lines[^1].At.TotalMilliseconds:0} ms");
            Assert.InRange(client.Lines[^1].At, TimeSpan.Zero, LookupBudget + TimeSpan.FromSeconds(1.5));
            await client.SendAsync("QUIT");
            Assert.True(await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10)), node.Log);
        }

        var stats = await node.WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("sessionsEnded").GetInt64() == 1 && s.GetProperty("open").GetInt32() == 0);
        Assert.Equal(1, stats.GetProperty("verdicts").GetInt64());
        var verdict = (await node.GetJsonAsync("/api/verdicts/recent")).EnumerateArray().Single();
        Assert.Equal("observed", verdict.GetProperty("outcome").GetString());
        Assert.Empty(verdict.GetProperty("dnsbl").EnumerateArray());

        var dns = await node.GetJsonAsync("/api/dns/stats");
        Assert.True(Zones(dns).Single().GetProperty("errors").GetInt64() >= 1, dns.ToString());
        // DnsClient takes the garbage as the answer, fails to parse it and asks again over TCP, where nothing listens;
        // its UDP socket is not connected, so a closed port looks like silence, cut off by the lookup budget.
        Assert.True(fault switch
        {
            "garbage" => dns.GetProperty("malformed").GetInt64() + dns.GetProperty("networkErrors").GetInt64() >= 1,
            "closed-port" => dns.GetProperty("timeouts").GetInt64() >= 1,
            _ => server.Queries.Any(q => q.Query.Questions[0].Name.EndsWith(Zone, StringComparison.Ordinal)),
        }, dns.ToString());
        Assert.False(node.Process.HasExited);
    }

    [Fact]
    public async Task Zone_is_disabled_by_its_self_test_while_dns_answers_garbage_and_listed_clients_are_held_again_once_it_answers_properly()
    {
        using var server = new ScriptedDnsServer(ScriptAsync);
        using var node = await StartNodeAsync(server.ServerSpec, "10s"); // the shortest interval the configuration allows

        // The self-test at start-up: no valid answer within the 3 s timeout.
        await node.WaitForJsonAsync("/api/dns/stats", d => State(d) == "disabled by self-test");
        using (var meanwhile = await RawSmtpClient.ConnectAsync(Listed, node.Smtp))
        {
            Assert.True(await meanwhile.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(5)), node.Log);
        }

        await node.WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("verdicts").GetInt64() == 1);
        Assert.Equal("observed", (await node.GetJsonAsync("/api/verdicts/recent")).EnumerateArray().Single().GetProperty("outcome").GetString());

        behaviour = "proper";
        var clock = Stopwatch.StartNew();
        await node.WaitForJsonAsync("/api/dns/stats", d => State(d) == "enabled", TimeSpan.FromSeconds(20));
        output.WriteLine($"zone re-enabled {clock.Elapsed.TotalSeconds:0.0} s after the server answered properly (self-test every 10 s)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"re-enabled after {clock.Elapsed}");

        using var spambot = await RawSmtpClient.ConnectAsync(Listed, node.Smtp);
        await node.WaitForJsonAsync("/api/sessions?held=true", s => s.GetArrayLength() == 1);
    }

    private static IEnumerable<JsonElement> Zones(JsonElement dns) => dns.GetProperty("zones").EnumerateArray();

    private static string? State(JsonElement dns) => Zones(dns).Single().GetProperty("state").GetString();

    private static int ClosedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

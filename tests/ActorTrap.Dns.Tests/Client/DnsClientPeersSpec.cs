using System.Net;
using ActorTrap.Dns.Client;
using ActorTrap.Dns.Dnsbl;

namespace ActorTrap.Dns.Tests.Client;

/// <summary>The client against real servers: rbldnsd directly (UDP only) and unbound forwarding to it (UDP and TCP).</summary>
public sealed class DnsClientPeersSpec(DnsPeers peers) : IClassFixture<DnsPeers>
{
    private static DnsClient Client(params IPEndPoint[] servers) => new(new DnsClientOptions(servers, TimeSpan.FromSeconds(2), 1));

    [Fact]
    public async Task Listed_address_gets_its_code_from_rbldnsd()
    {
        using var client = Client(peers.Rbldnsd.EndPoint);
        var outcome = await client.QueryAsync(new DnsQuestion(DnsblQueryName.For(IPAddress.Parse("127.0.0.2"), "bl.test"), DnsType.A));
        var answer = Assert.Single(outcome.Response!.Answers);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), Assert.IsType<ARecord>(answer.Data).Address);
        Assert.Equal(60u, answer.Ttl);
    }

    [Fact]
    public async Task Listing_reason_comes_back_as_txt_with_the_address_substituted()
    {
        using var client = Client(peers.Unbound.EndPoint);
        var outcome = await client.QueryAsync(new DnsQuestion("2.0.0.127.bl.test", DnsType.TXT));
        var txt = Assert.IsType<TxtRecord>(Assert.Single(outcome.Response!.Answers).Data);
        Assert.Equal("Listed, see http://bl.test/127.0.0.2", string.Concat(txt.Strings));
    }

    [Fact]
    public async Task Unlisted_address_is_nxdomain_with_the_zone_soa()
    {
        using var client = Client(peers.Unbound.EndPoint);
        var outcome = await client.QueryAsync(new DnsQuestion("1.0.0.127.bl.test", DnsType.A));
        Assert.Equal(DnsRcode.NxDomain, outcome.Response!.Rcode);
        var soa = Assert.IsType<SoaRecord>(Assert.Single(outcome.Response.Authorities).Data);
        Assert.Equal(45u, soa.Minimum);
    }

    [Fact]
    public async Task Ipv6_address_is_asked_by_its_nibbles_through_unbound()
    {
        using var client = Client(peers.Unbound.EndPoint);
        var name = DnsblQueryName.For(IPAddress.Parse("2001:db8::42"), "bl.test");
        var outcome = await client.QueryAsync(new DnsQuestion(name, DnsType.A));
        Assert.Equal(IPAddress.Parse("127.0.0.3"), Assert.IsType<ARecord>(Assert.Single(outcome.Response!.Answers).Data).Address);
    }

    [Fact]
    public async Task Truncated_udp_answer_is_fetched_again_over_tcp()
    {
        using var client = Client(peers.Unbound.EndPoint);
        var outcome = await client.QueryAsync(new DnsQuestion("big.local.test", DnsType.TXT));
        Assert.False(outcome.Response!.Flags.HasFlag(DnsHeaderFlags.Truncated));
        var texts = outcome.Response.Answers.Select(a => string.Concat(((TxtRecord)a.Data).Strings)).Order(StringComparer.Ordinal);
        Assert.Equal(DnsPeers.BigTxt, texts);
        Assert.Equal(1, client.Stats.TcpFallbacks);
    }

    [Fact]
    public async Task Failover_reaches_the_second_server_when_the_first_port_is_closed()
    {
        var closed = new IPEndPoint(IPAddress.Loopback, TestPeers.FreePort.UdpAndTcp());
        using var client = Client(closed, peers.Rbldnsd.EndPoint);
        var outcome = await client.QueryAsync(new DnsQuestion("2.0.0.127.bl.test", DnsType.A));
        Assert.Equal(DnsRcode.NoError, outcome.Response!.Rcode);
        Assert.True(client.Stats.NetworkErrors >= 1, $"the closed port was not reported: {client.Stats}");
    }

    [Fact]
    public async Task Many_concurrent_queries_all_get_their_own_answers()
    {
        using var client = new DnsClient(new DnsClientOptions([peers.Rbldnsd.EndPoint], TimeSpan.FromSeconds(2), 2) { MaxInFlight = 64 });
        var tasks = Enumerable.Range(0, 500).Select(i => client.QueryAsync(new DnsQuestion($"{i % 250}.2.1.10.bl.test", DnsType.A))).ToList();
        var outcomes = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(outcomes, o => Assert.Equal(IPAddress.Parse("127.0.0.4"), ((ARecord)Assert.Single(o.Response!.Answers).Data).Address));
        Assert.Equal(0, client.Stats.Mismatched);
    }
}

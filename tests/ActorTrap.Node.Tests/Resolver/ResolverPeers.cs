using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Resolver;

/// <summary>
/// The real servers the resolver specs run against: rbldnsd with bl.test (ip4set and ip6trie, TTL 120 s, negative
/// answers for 300 s) and two.test (ip4tset), and unbound forwarding both zones to it, with local data for reverse
/// DNS and an MX set too big for UDP.
/// </summary>
public sealed class ResolverPeers : IAsyncLifetime
{
    private const string Soa = "$SOA 300 ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 300\n";

    public Rbldnsd Rbldnsd { get; private set; } = null!;

    public Unbound Unbound { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new RbldnsdOptions { DefaultTtl = TimeSpan.FromSeconds(120) };
        options.Zones.Add(RbldnsdZone.Ip4Set("bl.test", Soa + ":127.0.0.2:Listed, see http://bl.test/$\n127.0.0.2\n192.0.2.0/28\n"));
        options.Zones.Add(RbldnsdZone.Ip6Trie("bl.test", "2001:db8::/64 :127.0.0.3:IPv6 listed\n"));
        options.Zones.Add(RbldnsdZone.Ip4Tset("two.test", Soa.Replace("bl.test", "two.test", StringComparison.Ordinal) + ":127.0.0.5:two says $\n127.0.0.2\n192.0.2.1\n"));
        Rbldnsd = await Rbldnsd.StartAsync(options);

        var u = new UnboundOptions();
        u.Upstreams.Add(new UnboundUpstream("bl.test", Rbldnsd.EndPoint));
        u.Upstreams.Add(new UnboundUpstream("two.test", Rbldnsd.EndPoint));
        u.ServerLines.Add("local-data-ptr: \"192.0.2.10 mail.example.test\"");
        u.ServerLines.Add("local-data: \"mail.example.test. 300 IN A 192.0.2.10\"");
        u.ServerLines.Add("local-data-ptr: \"192.0.2.11 liar.example.test\"");
        u.ServerLines.Add("local-data: \"liar.example.test. 300 IN A 198.51.100.1\"");
        for (var i = 1; i <= 80; i++)
        {
            u.ServerLines.Add($"local-data: \"big.example.test. 300 IN MX {i * 10} mx{i}.big.example.test.\"");
        }

        Unbound = await Unbound.StartAsync(u);
    }

    public Task DisposeAsync()
    {
        Unbound?.Dispose();
        Rbldnsd?.Dispose();
        return Task.CompletedTask;
    }
}

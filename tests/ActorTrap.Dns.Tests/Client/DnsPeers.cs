using ActorTrap.TestPeers;

namespace ActorTrap.Dns.Tests.Client;

/// <summary>
/// One rbldnsd serving bl.test (ip4set and ip6trie datasets, with an SOA for negative answers) and one unbound in
/// front of it that also serves a TXT set too big for a UDP answer; shared by the client specs of a class.
/// </summary>
public sealed class DnsPeers : IAsyncLifetime
{
    public const string Ip4Data = """
        $SOA 60 ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 45
        :127.0.0.2:Listed, see http://bl.test/$
        127.0.0.2
        10.1.2.0/24 :127.0.0.4:range listed

        """;

    public const string Ip6Data = """
        2001:db8::/64 :127.0.0.3:v6 listed

        """;

    /// <summary>Eight TXT strings of 200 bytes: about 1,700 bytes, more than the 1,232 a UDP answer may carry.</summary>
    public static readonly IReadOnlyList<string> BigTxt = Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 200)).ToList();

    public Rbldnsd Rbldnsd { get; private set; } = null!;

    public Unbound Unbound { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Rbldnsd = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", Ip4Data), RbldnsdZone.Ip6Trie("bl.test", Ip6Data));
        var options = new UnboundOptions();
        options.Upstreams.Add(new UnboundUpstream("bl.test", Rbldnsd.EndPoint));
        foreach (var text in BigTxt)
        {
            options.ServerLines.Add($"local-data: 'big.local.test. 60 IN TXT \"{text}\"'");
        }

        Unbound = await Unbound.StartAsync(options);
    }

    public Task DisposeAsync()
    {
        Unbound?.Dispose();
        Rbldnsd?.Dispose();
        return Task.CompletedTask;
    }
}

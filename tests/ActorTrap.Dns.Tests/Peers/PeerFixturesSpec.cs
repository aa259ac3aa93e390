using System.Net;
using ActorTrap.TestPeers;

namespace ActorTrap.Dns.Tests.Peers;

/// <summary>The shared peer fixtures do what other suites rely on, checked with the independent client dig.</summary>
public sealed class PeerFixturesSpec
{
    private const string Ip4Data = ":127.0.0.2:Listed, see http://bl.test/$\n127.0.0.2\n10.1.2.0/24 :127.0.0.4:range\n";

    [Fact]
    public async Task Rbldnsd_serves_ip4set_and_ip6trie_zones_with_txt()
    {
        using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", Ip4Data), RbldnsdZone.Ip6Trie("bl6.test", "2001:db8::1 :127.0.0.3:v6\n"));
        Assert.Equal(["127.0.0.2"], await Dig.ShortAsync(bl.EndPoint, "2.0.0.127.bl.test"));
        Assert.Equal(["\"Listed, see http://bl.test/127.0.0.2\""], await Dig.ShortAsync(bl.EndPoint, "2.0.0.127.bl.test", "TXT"));
        Assert.Equal(["127.0.0.4"], await Dig.ShortAsync(bl.EndPoint, "9.2.1.10.bl.test"));
        Assert.Empty(await Dig.ShortAsync(bl.EndPoint, "1.0.0.127.bl.test"));
        var nibbles = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl6.test";
        Assert.Equal(["127.0.0.3"], await Dig.ShortAsync(bl.EndPoint, nibbles));
    }

    [Fact]
    public async Task Rbldnsd_picks_up_a_rewritten_zone_on_reload()
    {
        using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", Ip4Data));
        bl.WriteZoneFile("bl.test.ip4set", "127.0.0.2\n192.0.2.77\n");
        bl.Reload();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<string> answer = [];
        while (DateTime.UtcNow < deadline && answer.Count == 0)
        {
            answer = await Dig.ShortAsync(bl.EndPoint, "77.2.0.192.bl.test");
        }

        Assert.Equal(["127.0.0.2"], answer);
    }

    [Fact]
    public async Task Unbound_passes_a_zone_on_to_rbldnsd_and_serves_its_local_data()
    {
        using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", Ip4Data));
        var options = new UnboundOptions();
        options.Upstreams.Add(new UnboundUpstream("bl.test", bl.EndPoint));
        options.ServerLines.Add("local-data: \"mail.example.test. 60 IN A 192.0.2.10\"");
        using var unbound = await Unbound.StartAsync(options);
        Assert.NotEqual(bl.Port, unbound.Port);
        Assert.Equal(["127.0.0.2"], await Dig.ShortAsync(unbound.EndPoint, "2.0.0.127.bl.test"));
        Assert.Equal(["192.0.2.10"], await Dig.ShortAsync(unbound.EndPoint, "mail.example.test"));
        Assert.Equal(["192.0.2.10"], await Dig.ShortAsync(unbound.EndPoint, "mail.example.test", "A", "+tcp"));
    }

    [Fact]
    public async Task Peers_are_recorded_in_the_run_directory_and_gone_after_dispose()
    {
        var runDir = Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR");
        var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", Ip4Data));
        var pid = bl.Pid;
        var dir = bl.DataDirectory;
        if (!string.IsNullOrEmpty(runDir))
        {
            Assert.True(File.Exists(Path.Combine(runDir, $"rbldnsd-{pid}.pid")));
        }

        bl.Dispose();
        Assert.False(Directory.Exists(dir));
        Assert.False(Directory.Exists($"/proc/{pid}"), "rbldnsd still runs (or was not reaped) after Dispose");
        if (!string.IsNullOrEmpty(runDir))
        {
            Assert.False(File.Exists(Path.Combine(runDir, $"rbldnsd-{pid}.pid")));
        }
    }

    [Fact]
    public void Free_port_is_free_for_udp_and_tcp()
    {
        var port = FreePort.UdpAndTcp();
        using var udp = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        var tcp = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
        tcp.Start();
        tcp.Stop();
    }
}

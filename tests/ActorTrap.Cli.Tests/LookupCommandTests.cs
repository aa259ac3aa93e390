using System.Net;
using System.Net.Sockets;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests;

/// <summary><c>actortrap lookup</c> against a real rbldnsd: exit codes, per-zone lines, TXT, the score, and no listener needed.</summary>
public sealed class LookupCommandTests : IAsyncLifetime
{
    private Rbldnsd bl = null!;

    public async Task InitializeAsync() =>
        bl = await Rbldnsd.StartAsync(
            RbldnsdZone.Ip4Set("bl.test", ":127.0.0.2:Listed, see http://bl.test/$\n127.0.0.2\n"),
            RbldnsdZone.Ip6Trie("bl.test", "2001:db8::/64 :127.0.0.3:v6\n"),
            RbldnsdZone.Ip4Set("other.test", "127.0.0.2\n"));

    public Task DisposeAsync()
    {
        bl.Dispose();
        return Task.CompletedTask;
    }

    private string[] Args(string ip, params string[] extra) =>
    [
        "lookup", ip,
        "--set", $"actortrap.dns.servers=[\"{bl.ServerSpec}\"]",
        "--set", "actortrap.dnsbl.zones=[{zone=bl.test, codes=\"127.0.0.[2..11]\"}, {zone=other.test, weight=0.5, txt=false}]",
        .. extra,
    ];

    [Fact]
    public async Task Test_address_127_0_0_2_is_listed_exits_1_and_names_the_zone()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(Args("127.0.0.2"));
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("bl.test     listed      weight 1     codes 127.0.0.2  txt \"Listed, see http://bl.test/127.0.0.2\"", stdout, StringComparison.Ordinal);
        Assert.Contains("other.test  listed      weight 0.5   codes 127.0.0.2", stdout, StringComparison.Ordinal);
        Assert.Contains("score 1.5 of threshold 1: LISTED", stdout, StringComparison.Ordinal);
        Assert.Contains("\nptr ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_127_0_0_1_is_not_listed_and_exits_0()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(Args("127.0.0.1"));
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("bl.test     not listed", stdout, StringComparison.Ordinal);
        Assert.Contains("score 0 of threshold 1: not listed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_under_the_threshold_exits_0_even_when_a_zone_lists_the_address()
    {
        var (code, stdout, _) = await ActorTrapProcess.RunAsync(Args("2001:db8::7", "--set", "actortrap.dnsbl.threshold=2"));
        Assert.Equal(0, code);
        Assert.Contains("bl.test     listed      weight 1     codes 127.0.0.3  txt \"v6\"", stdout, StringComparison.Ordinal);
        Assert.Contains("score 1 of threshold 2: not listed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_dead_server_is_an_error_naming_the_server_and_exits_3_unknown_not_0()
    {
        using var silent = new ScriptedDnsServer();
        var (code, stdout, _) = await ActorTrapProcess.RunAsync([
            "lookup", "127.0.0.2", "--set", $"actortrap.dns.servers=[\"{silent.ServerSpec}\"]", "--set", "actortrap.dns.timeout=200ms",
            "--set", "actortrap.dns.retries=0", "--set", "actortrap.dnsbl.zones=[{zone=bl.test}]"]);
        Assert.True(code == 3, $"exit {code}\n{stdout}");
        Assert.Contains($"bl.test  error       weight 1     (no answer from {silent.EndPoint} within 200 ms)", stdout, StringComparison.Ordinal);
        Assert.Contains($"score 0 of threshold 1: UNKNOWN (1 of 1 zones failed: is the DNS server {silent.ServerSpec} answering? see actortrap.dns.servers)",
            stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not listed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue16_failed_zone_that_could_reach_the_threshold_is_unknown_one_that_could_not_is_not_listed()
    {
        string[] Zones(double deadWeight) =>
        [
            "lookup", "127.0.0.1", "--set", $"actortrap.dns.servers=[\"{bl.ServerSpec}\"]", "--set", "actortrap.dns.timeout=300ms",
            "--set", "actortrap.dns.retries=0",
            // dead.test has no data in rbldnsd: REFUSED, an error; bl.test answers "not listed".
            "--set", $"actortrap.dnsbl.zones=[{{zone=bl.test}}, {{zone=dead.test, weight={deadWeight}}}]",
        ];

        var (couldList, stdout, _) = await ActorTrapProcess.RunAsync(Zones(1));
        Assert.True(couldList == 3, $"exit {couldList}\n{stdout}");
        Assert.Contains("UNKNOWN (1 of 2 zones failed", stdout, StringComparison.Ordinal);

        var (couldNot, stdout2, _) = await ActorTrapProcess.RunAsync(Zones(0.5));
        Assert.True(couldNot == 0, $"exit {couldNot}\n{stdout2}");
        Assert.Contains("score 0 of threshold 1: not listed", stdout2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_starts_no_listener_so_a_taken_admin_port_does_not_matter()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(Args("127.0.0.2", "--set", $"actortrap.admin.listen=\"127.0.0.1:{port}\""));
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
    }

    [Theory]
    [InlineData("not-an-ip", "is not an IP address")]
    [InlineData("127.0.0.2 --set actortrap.dns.timeout=1ms", "actortrap.dns.timeout")]
    [InlineData("127.0.0.2 --bogus", "--bogus")]
    [InlineData("", "Required argument missing")]
    public async Task Usage_and_configuration_errors_exit_2(string args, string expected)
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["lookup", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, code);
        Assert.Contains(expected, stdout + stderr, StringComparison.Ordinal);
    }
}

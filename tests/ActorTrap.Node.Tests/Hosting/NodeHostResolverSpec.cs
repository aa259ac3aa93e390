using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Hosting;

/// <summary>The node starts its resolver at /user/resolver, logs the zones' self-tests, and answers sessions through it.</summary>
public sealed class NodeHostResolverSpec
{
    [Fact]
    public async Task Node_runs_the_resolver_and_logs_each_zones_self_test()
    {
        using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test", "127.0.0.2\n"), RbldnsdZone.Ip4Set("dead.test", "192.0.2.1\n"));
        var loaded = NodeConfig.Load(new ConfigSources(null, [
            "actortrap.admin.listen=\"127.0.0.1:0\"",
            "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"",
            $"actortrap.dns.servers=[\"{bl.ServerSpec}\"]",
            "actortrap.dnsbl.zones=[{zone=bl.test, codes=\"127.0.0.[2..11]\"}, {zone=dead.test}]",
        ]), _ => null);
        Assert.Empty(loaded.Errors);
        var logs = new LogCapture();
        await using var node = await NodeHost.StartAsync(loaded.Settings!, logs, CancellationToken.None);

        Assert.Equal(node.Resolver, await node.System.ActorSelection("/user/resolver").ResolveOne(TimeSpan.FromSeconds(3)));
        Assert.Contains("2 DNSBL zone(s) [bl.test, dead.test]", Assert.Single(logs.Messages(2000)), StringComparison.Ordinal);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((logs.Messages(2003).Count == 0 || logs.Messages(2001).Count == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains("bl.test", Assert.Single(logs.Messages(2003)), StringComparison.Ordinal);
        Assert.Contains("dead.test disabled by its self-test: test entry 127.0.0.2 is not listed", Assert.Single(logs.Messages(2001)), StringComparison.Ordinal);

        var report = await node.Resolver.Ask<DnsblReport>(new CheckClient(IPAddress.Parse("127.0.0.2")), TimeSpan.FromSeconds(10));
        Assert.Equal([ZoneStatus.Listed, ZoneStatus.Disabled], report.Zones.Select(z => z.Status));
        Assert.True(report.Listed);
        Assert.Equal(5, node.DnsStats.Queries); // two self-tests of two queries each, then the listing's TXT (its A is cached)
    }
}

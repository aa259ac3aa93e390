using System.Net;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Reputation.Support;
using ActorTrap.TestPeers;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ActorTrap.Node.Tests.Reputation.Cluster;

/// <summary>
/// Two nodes in this process joined by seed nodes over Akka.Remote on loopback, one PostgreSQL store, real time:
/// evidence about an address from both nodes meets in its one entity, listing changes reach the other node's copy
/// within a second, the chores run on exactly one node, and a node that leaves hands its work over.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AkkaClusterSpec(PostgresServer server) : IAsyncLifetime
{
    private readonly List<TempDirectory> dirs = [];
    private readonly List<NodeHost> nodes = [];
    private string connection = string.Empty;

    public async Task InitializeAsync()
    {
        connection = await server.DatabaseAsync("akka_cluster_" + Guid.NewGuid().ToString("N")[..8]);
        var ports = new[] { FreePort.UdpAndTcp(), FreePort.UdpAndTcp() };
        var seeds = string.Join(", ", ports.Select(p => $"\"127.0.0.1:{p}\""));
        for (var i = 0; i < 2; i++)
        {
            var dir = new TempDirectory();
            dirs.Add(dir);
            var settings = Settings.Node($"n{i}", dir.Path, $"actortrap.reputation.postgres.connection-string=\"{connection}\"",
                $"actortrap.cluster.port={ports[i]}", $"actortrap.cluster.seed-nodes=[{seeds}]", "actortrap.reputation.shards=8",
                // The first seed forms the cluster when no other seed answers within this (Akka's default 5 s).
                "akka.cluster.seed-node-timeout=1s");
            nodes.Add(await NodeHost.StartAsync(settings, NullLoggerFactory.Instance, CancellationToken.None));
        }

        await Eventually.HoldsAsync(async () => (await nodes[1].Reputation.GetClusterStateAsync()).Members.Count(m => m.Status == "up") == 2,
            "both nodes up", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.StopAsync("test over");
        }

        foreach (var dir in dirs)
        {
            dir.Dispose();
        }
    }

    private static Verdict Pregreet(string address) => Evidence.Verdict(IPAddress.Parse(address), DateTimeOffset.UtcNow, "n", new Sin(SinKind.Pregreet, 2));

    [Fact]
    public async Task Evidence_from_both_nodes_meets_once_and_the_listing_reaches_both_copies_within_a_second()
    {
        var address = IPAddress.Parse("203.0.113.77");
        nodes[0].VerdictSink.Submit(Pregreet("203.0.113.77"));
        await Eventually.HoldsAsync(() => nodes[0].Reputation.Counters.VerdictsAccepted == 1, "the first verdict accepted");
        Assert.False(nodes[1].Blacklist.TryGet(address, out _));

        nodes[1].VerdictSink.Submit(Pregreet("203.0.113.77"));
        await Eventually.HoldsAsync(() => nodes[1].Reputation.Counters.VerdictsAccepted == 1, "the second verdict accepted");
        var seen = await Eventually.HoldsAsync(() => nodes.All(n => n.Blacklist.TryGet(address, out _)), "the listing on both nodes");
        Assert.True(seen < TimeSpan.FromSeconds(1), $"listing reached both copies after {seen.TotalMilliseconds:0} ms");

        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT verdicts FROM reputation WHERE address = '203.0.113.77'", db);
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
        Assert.Equal(1, nodes.Sum(n => n.Reputation.Counters.Listed));

        // One owner cluster-wide: both nodes name the same node for the address's entity.
        var owners = await Task.WhenAll(nodes.Select(n => n.Reputation.EntityAsync(address)));
        Assert.Contains(owners[0]!.Node, new[] { "n0", "n1" });
        Assert.Equal(owners[0]!.Node, owners[1]!.Node);
        Assert.Equal(0, owners[1]!.Pending);
    }

    [Fact]
    public async Task Manual_list_and_delist_on_one_node_reach_the_other()
    {
        var network = IPNetwork.Parse("198.51.100.0/24");
        await nodes[0].Reputation.ListAsync(network, "spec", "ops");
        await Eventually.HoldsAsync(() => nodes[1].Blacklist.TryGet(IPAddress.Parse("198.51.100.9"), out _), "the manual listing on n1", TimeSpan.FromSeconds(2));
        await nodes[1].Reputation.DelistAsync(network, "spec", "ops");
        await Eventually.HoldsAsync(() => !nodes[0].Blacklist.TryGet(IPAddress.Parse("198.51.100.9"), out _), "the delisting on n0", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Imported_listings_with_an_expiry_reach_the_other_node_and_their_expiry_ends_them_on_both_issue_16()
    {
        IPNetwork[] imported = [IPNetwork.Parse("203.0.113.0/25"), IPNetwork.Parse("2001:db8:16::/48"), IPNetwork.Parse("192.0.2.16/32")];
        // 5 s, not less: with a shorter expiry a chore run could end them before n1's copy was looked at (on a loaded
        // machine the listing and its end then arrive together and are applied as one run, never visible).
        await nodes[0].Reputation.ListAsync(imported, "imported list", "ops", TimeSpan.FromSeconds(5));
        foreach (var probe in new[] { "203.0.113.9", "2001:db8:16::9", "192.0.2.16" })
        {
            await Eventually.HoldsAsync(() => nodes[1].Blacklist.TryGet(IPAddress.Parse(probe), out var l) && l!.Expires is not null,
                $"{probe} listed on n1 with its expiry", TimeSpan.FromSeconds(2));
        }

        // The chores node (either) ends them in the store at its first run after they expire (chore-interval 5 s) and
        // announces it to both copies.
        foreach (var node in nodes)
        {
            await Eventually.HoldsAsync(() => !node.Blacklist.TryGet(IPAddress.Parse("203.0.113.9"), out _) && !node.Blacklist.TryGet(IPAddress.Parse("192.0.2.16"), out _)
                && !node.Blacklist.TryGet(IPAddress.Parse("2001:db8:16::9"), out _), "the expired listings gone from every copy", TimeSpan.FromSeconds(15));
        }
    }

    [Fact]
    public async Task Chores_run_on_exactly_one_node_and_move_when_it_leaves()
    {
        await Eventually.HoldsAsync(() => nodes.Count(n => n.Reputation.Chores.RunningHere) == 1, "one chores node", TimeSpan.FromSeconds(15));
        var holder = nodes.Single(n => n.Reputation.Chores.RunningHere);
        var other = nodes.Single(n => n != holder);
        // Verdicts sent by the leaving node are accepted before it goes, wherever their entities are.
        for (var i = 0; i < 50; i++)
        {
            holder.VerdictSink.Submit(Pregreet($"192.0.2.{i}"));
        }

        Assert.True(await holder.StopAsync("leaving"));
        nodes.Remove(holder);
        await Eventually.HoldsAsync(() => other.Reputation.Chores.RunningHere, "the chores on the remaining node", TimeSpan.FromSeconds(20));

        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(verdicts), 0) FROM reputation WHERE address << '192.0.2.0/24'", db);
        Assert.Equal(50L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));

        // The remaining node owns every shard now: a verdict about any address is accepted.
        other.VerdictSink.Submit(Pregreet("192.0.2.200"));
        await Eventually.HoldsAsync(() => other.Reputation.Counters.VerdictsAccepted >= 1, "a verdict accepted after the hand-over", TimeSpan.FromSeconds(20));
    }
}

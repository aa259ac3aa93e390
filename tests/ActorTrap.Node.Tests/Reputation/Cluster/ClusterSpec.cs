using ActorTrap.Node.Hosting.Actors;
using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Reputation.Support;
using Npgsql;

namespace ActorTrap.Node.Tests.Reputation.Cluster;

/// <summary>Two or three in-process nodes on the throwaway PostgreSQL: NOTIFY propagation, resync, membership, chores failover.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSpec(PostgresServer server)
{
    private static int databases;

    private async Task<TestCluster> StartAsync(int nodes, params string[] overrides) =>
        await TestCluster.StartAsync(await server.DatabaseAsync($"cluster_{Interlocked.Increment(ref databases)}"), nodes, overrides);

    private static Verdict Sinful(string client, DateTimeOffset at, double weight = 1.5) =>
        Evidence.Verdict(IPAddress.Parse(client), at, "node-0", new Sin(SinKind.NoQuit, weight), new Sin(SinKind.Pregreet, weight));

    [Fact]
    public async Task Listing_made_on_one_node_is_in_every_other_nodes_blacklist_within_a_second()
    {
        await using var cluster = await StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        a.VerdictSink.Submit(Sinful("203.0.113.50", cluster.Clock.GetUtcNow()));
        await a.Reputation.FlushAsync(TimeSpan.FromSeconds(10));
        Assert.True(a.Blacklist.TryGet(IPAddress.Parse("203.0.113.50"), out var local));
        Assert.Equal(ListingClass.Behaviour, local!.Class);

        var elapsed = await Eventually.HoldsAsync(() => b.Blacklist.TryGet(IPAddress.Parse("203.0.113.50"), out _)
            && c.Blacklist.TryGet(IPAddress.Parse("203.0.113.50"), out _), "the listing on nodes b and c");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed.TotalMilliseconds} ms");
        b.Blacklist.TryGet(IPAddress.Parse("203.0.113.50"), out var remote);
        Assert.Equal((local.Score, local.Expires, local.ListedAt), (remote!.Score, remote.Expires, remote.ListedAt));
        Assert.Equal(local.Reasons, remote.Reasons);
        Assert.Equal(1, a.Reputation.Counters.Listed);
        Assert.Equal(0, b.Reputation.Counters.Listed);
    }

    [Fact]
    public async Task Manual_list_and_delist_on_any_node_reach_the_others()
    {
        await using var cluster = await StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        await a.Reputation.ListAsync(IPNetwork.Parse("198.51.100.0/24"), "abuse report", "alice");
        await Eventually.HoldsAsync(() => b.Blacklist.TryGet(IPAddress.Parse("198.51.100.99"), out var l) && l!.Class == ListingClass.Manual, "manual listing on b");

        var result = await b.Reputation.DelistAsync(IPNetwork.Parse("198.51.100.0/24"), "resolved", "bob");
        Assert.True(result.ManualRemoved);
        await Eventually.HoldsAsync(() => !a.Blacklist.TryGet(IPAddress.Parse("198.51.100.99"), out _), "manual delisting on a");
        var audit = await a.Reputation.ManualActionsAsync(10);
        Assert.Equal(["delist:bob", "list:alice"], audit.Select(x => $"{x.Action}:{x.Actor}"));
    }

    [Fact]
    public async Task Expired_listing_is_delisted_by_the_chore_holder_and_leaves_every_node()
    {
        await using var cluster = await StartAsync(2, "actortrap.reputation.listing-ttl=1h");
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        a.VerdictSink.Submit(Sinful("203.0.113.60", cluster.Clock.GetUtcNow()));
        await a.Reputation.FlushAsync(TimeSpan.FromSeconds(10));
        await Eventually.HoldsAsync(() => b.Blacklist.TryGet(IPAddress.Parse("203.0.113.60"), out _), "listing on b");

        cluster.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(b.Blacklist.TryGet(IPAddress.Parse("203.0.113.60"), out _));
        await cluster.AdvanceUntilAsync(() => Task.FromResult(!a.Blacklist.TryGet(IPAddress.Parse("203.0.113.60"), out _)
            && !b.Blacklist.TryGet(IPAddress.Parse("203.0.113.60"), out _)), TimeSpan.FromSeconds(5), "expiry on both nodes");
        Assert.Equal(1, a.Reputation.Counters.Delisted + b.Reputation.Counters.Delisted);
    }

    [Fact]
    public async Task Node_whose_listener_connection_dies_reconnects_and_resynchronises_from_the_table()
    {
        await using var cluster = await StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        await TerminateAsync(cluster.ConnectionString, "actortrap:node-1:listener");
        await Eventually.HoldsAsync(() => !b.Reputation.ListenerConnected, "b's listener to notice");

        // Made while b cannot hear: only the resync can bring these to b.
        a.VerdictSink.Submit(Sinful("203.0.113.70", cluster.Clock.GetUtcNow()));
        await a.Reputation.FlushAsync(TimeSpan.FromSeconds(10));
        await a.Reputation.ListAsync(IPNetwork.Parse("192.0.2.0/28"), "test", "ops");

        await cluster.AdvanceUntilAsync(() => Task.FromResult(b.Reputation.ListenerConnected), TimeSpan.FromSeconds(1), "b's listener to reconnect");
        Assert.True(b.Blacklist.TryGet(IPAddress.Parse("203.0.113.70"), out _));
        Assert.True(b.Blacklist.TryGet(IPAddress.Parse("192.0.2.3"), out _));
    }

    [Fact]
    public async Task Chores_move_to_another_node_when_the_holders_connection_dies()
    {
        await using var cluster = await StartAsync(2, "actortrap.reputation.chore-interval=1s");
        await cluster.AdvanceUntilAsync(async () => (await cluster.Nodes[0].Reputation.GetClusterStateAsync()).ChoreHolder is not null,
            TimeSpan.FromSeconds(1), "a chore holder");
        var before = await cluster.Nodes[0].Reputation.GetClusterStateAsync();
        var holder = cluster.Nodes.Single(n => n.Settings.Node.Name == before.ChoreHolder);
        var other = cluster.Nodes.Single(n => n != holder);
        Assert.True((await holder.Reputation.GetClusterStateAsync()).HoldsChores);
        Assert.False((await other.Reputation.GetClusterStateAsync()).HoldsChores);

        await TerminateAsync(cluster.ConnectionString, PostgresClusterDirectory.ChoresApplicationName(holder.Settings.Node.Name));
        // Lockstep: each chore interval of virtual time, wait until both nodes finished that round's database work.
        for (var round = 0; round < 6; round++)
        {
            var rounds = await Task.WhenAll(cluster.Nodes.Select(async n => (await n.Reputation.GetClusterStateAsync()).ChoreRounds));
            cluster.Clock.Advance(TimeSpan.FromSeconds(1));
            for (var i = 0; i < cluster.Nodes.Count; i++)
            {
                var node = cluster.Nodes[i];
                var seen = rounds[i];
                await Eventually.HoldsAsync(async () => (await node.Reputation.GetClusterStateAsync()).ChoreRounds > seen, "a chore round");
            }
        }

        var after = await other.Reputation.GetClusterStateAsync();
        Assert.True(after.HoldsChores);
        Assert.False((await holder.Reputation.GetClusterStateAsync()).HoldsChores);
        await cluster.AdvanceUntilAsync(async () => (await other.Reputation.GetClusterStateAsync()).ChoreHolder == other.Settings.Node.Name
            && (await holder.Reputation.GetClusterStateAsync()).ChoreHolder == other.Settings.Node.Name, TimeSpan.FromSeconds(1), "both nodes to name the new holder");
    }

    [Fact]
    public async Task Chores_move_when_the_holding_node_stops()
    {
        await using var cluster = await StartAsync(2, "actortrap.reputation.chore-interval=1s");
        await cluster.AdvanceUntilAsync(async () => (await cluster.Nodes[0].Reputation.GetClusterStateAsync()).ChoreHolder is not null,
            TimeSpan.FromSeconds(1), "a chore holder");
        var holderName = (await cluster.Nodes[0].Reputation.GetClusterStateAsync()).ChoreHolder;
        var holder = cluster.Nodes.Single(n => n.Settings.Node.Name == holderName);
        var other = cluster.Nodes.Single(n => n != holder);
        await holder.StopAsync("test: holder goes away");
        await cluster.AdvanceUntilAsync(async () => (await other.Reputation.GetClusterStateAsync()).HoldsChores,
            TimeSpan.FromSeconds(1), "the survivor to take the chores");
    }

    [Fact]
    public async Task Silent_node_is_shown_unreachable_then_removed()
    {
        await using var cluster = await StartAsync(2, "actortrap.cluster.unreachable-after=5s", "actortrap.cluster.removed-after=30s",
            "actortrap.cluster.roles=[\"smtp\",\"dns\"]", "actortrap.actors.shutdown-timeout=2s");
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        // Registered with the admin endpoint actually bound (the config says port 0).
        await cluster.AdvanceUntilAsync(async () => (await a.Reputation.GetClusterStateAsync()).Members is { Count: 2 } m
            && m.All(x => x.Address == ActorTrap.Node.Configuration.ListenAddress.Format(cluster.Nodes.Single(n => n.Settings.Node.Name == x.Name).AdminEndPoint)),
            TimeSpan.FromMilliseconds(500), "both members registered with their admin endpoints");
        var up = await a.Reputation.GetClusterStateAsync();
        Assert.All(up.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
        Assert.All(up.Members, m => Assert.Equal(["smtp", "dns"], m.Roles));
        Assert.Equal(["node-0", "node-1"], up.Members.Select(m => m.Name));

        // b dies without leaving: its actors (heartbeats) stop and its connections drop (the chores lock with them); its row stays.
        // Abort: no coordinated shutdown (which would close its store politely); the node just stops.
        ((Akka.Actor.ExtendedActorSystem)b.System).Abort();
        await b.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(5));
        await TerminateAsync(cluster.ConnectionString, "%node-1%", exactlyOne: false);
        await cluster.AdvanceUntilAsync(async () => (await a.Reputation.GetClusterStateAsync()).Members.Any(m => m.Name == "node-1" && m.Status == MemberStatus.Unreachable),
            TimeSpan.FromSeconds(1), "node-1 unreachable");
        await cluster.AdvanceUntilAsync(async () => (await a.Reputation.GetClusterStateAsync()).Members.All(m => m.Name != "node-1"),
            TimeSpan.FromSeconds(2), "node-1 removed");
    }

    private static async Task TerminateAsync(string connectionString, string applicationName, bool exactlyOne = true)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE @n", connection);
        command.Parameters.AddWithValue("n", applicationName);
        var terminated = (long)(await command.ExecuteScalarAsync())!;
        Assert.True(exactlyOne ? terminated == 1 : terminated > 0, $"terminated {terminated} backends of {applicationName}");
    }
}

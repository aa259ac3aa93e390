using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorTrap.Node.Tests.Publishing.Support;
using ActorTrap.Node.Tests.Reputation.Support;

namespace ActorTrap.Node.Tests.Admin;

/// <summary>
/// <c>GET /api/shards/regions</c> and <c>/api/shards/stats</c> (issue 14, what <c>ctl shards</c> prints) on a cluster
/// of one: Akka's cluster sharding stats name the shards the node's verdicts reached, with their entities (each
/// address, and the shard's intake), beside this node's store writers.
/// </summary>
public sealed class ShardAdminSpec : IAsyncLifetime
{
    private static readonly string[] Clients = ["198.51.100.7", "198.51.100.8", "203.0.113.9"];

    private TestNode node = null!;

    public async Task InitializeAsync() => node = await TestNode.StartAsync(null, null);

    public async Task DisposeAsync() => await node.DisposeAsync();

    private async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonElement last;
        while (!condition(last = await node.Http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative))))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}; last {path}: {last}");
            }

            await Task.Delay(100);
        }

        return last;
    }

    [Fact]
    public async Task Stats_and_regions_show_the_shards_the_verdicts_reached_with_their_entities_and_the_writers_that_took_them()
    {
        foreach (var client in Clients)
        {
            node.Host.VerdictSink.Submit(Evidence.Verdict(client, DateTimeOffset.UtcNow));
        }

        var expected = Clients.GroupBy(c => node.Host.Reputation.Extractor.ShardOf(IPAddress.Parse(c)))
            .ToDictionary(g => g.Key, g => g.Count() + 1); // and the shard's intake entity
        var stats = await WaitForAsync("/api/shards/stats",
            s => s.GetProperty("writers").EnumerateArray().Sum(w => w.GetProperty("verdictsIn").GetInt64()) == Clients.Length
                && s.GetProperty("entities").GetInt32() == expected.Values.Sum(),
            "three verdicts written and their entities counted");
        var regions = await node.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/shards/regions", UriKind.Relative));

        var self = Akka.Cluster.Cluster.Get(node.Host.System).SelfAddress.ToString();
        Assert.Equal(32, stats.GetProperty("shardsConfigured").GetInt32());
        Assert.Equal(expected.Count, stats.GetProperty("shardsAllocated").GetInt32());
        Assert.Equal(expected.OrderBy(e => e.Key).Select(e => (e.Key, e.Value, self)),
            stats.GetProperty("shards").EnumerateArray().Select(s => (s.GetProperty("shard").GetInt32(), s.GetProperty("entities").GetInt32(), s.GetProperty("address").GetString()!)));
        Assert.Equal(node.Host.Settings.Reputation.Writers, stats.GetProperty("writers").GetArrayLength());
        Assert.Empty(stats.GetProperty("unanswered").EnumerateArray());

        var region = Assert.Single(regions.GetProperty("regions").EnumerateArray());
        Assert.Equal((self, node.Host.Settings.Node.Name, true), (region.GetProperty("address").GetString(), region.GetProperty("node").GetString(), region.GetProperty("self").GetBoolean()));
        Assert.Equal(expected.Count, region.GetProperty("shardCount").GetInt32());
        Assert.Equal(expected.Values.Sum(), region.GetProperty("entities").GetInt32());
        Assert.Equal(expected.OrderBy(e => e.Key).Select(e => (e.Key, e.Value)),
            region.GetProperty("shards").EnumerateArray().Select(s => (s.GetProperty("shard").GetInt32(), s.GetProperty("entities").GetInt32())));
    }

    [Fact]
    public async Task Writers_alone_stay_at_api_shards_for_older_ctl()
    {
        var writers = await node.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/shards", UriKind.Relative));

        Assert.Equal(Enumerable.Range(0, node.Host.Settings.Reputation.Writers), writers.EnumerateArray().Select(w => w.GetProperty("shard").GetInt32()));
    }
}

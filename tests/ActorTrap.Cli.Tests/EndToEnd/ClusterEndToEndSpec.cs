using System.Net;
using ActorTrap.TestPeers;
using Npgsql;
using Xunit.Abstractions;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 14 end to end: three <c>actortrap run</c> processes form an Akka cluster from their seed configuration on one
/// throwaway PostgreSQL. A spambot from 127.0.0.9 visits each; its evidence meets at its one reputation entity and
/// lists it once, and every node then holds 127.0.0.9 from its own copy of the list without a DNS question (rbldnsd,
/// their DNSBL, lists only 127.0.0.2). The rbldnsd export is a chore: only the member running the chores singleton
/// writes it.
/// </summary>
public sealed class ClusterEndToEndSpec(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Zone = "bl.cluster.test";
    private const string RecipientDomain = "e2e.test";
    private static readonly IPAddress Spambot = IPAddress.Parse("127.0.0.9");
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("actortrap-cluster-");
    private ClusterNodes nodes = null!;
    private Rbldnsd dnsbl = null!;
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        connectionString = await postgres.DatabaseAsync("cluster_e2e");
        dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed by the cluster zone: $\n127.0.0.2\n"));
        // One spambot session scores 5.5 (pregreet 2, HELO as the recipient's domain 2, no QUIT 1.5): a threshold of 12 needs
        // the evidence of all three nodes, so the listing shows that it meets in one place.
        nodes = new ClusterNodes(3, dnsbl.ServerSpec, Zone, work.FullName,
        [
            $"actortrap.reputation.postgres.connection-string=\"{connectionString}\"",
            "actortrap.reputation.list-threshold=12",
            "actortrap.reputation.chore-interval=300ms",
            "actortrap.smtp.greet-pause=300ms",
            "actortrap.smtp.check-reverse-dns=false",
            "actortrap.smtp.quit-wait=1s",
            "actortrap.smtp.hold=10m",
            "actortrap.smtp.trickle-interval=1s",
            "actortrap.publish.poll-interval=200ms",
            "actortrap.publish.rbldnsd.min-interval=0s",
            $"actortrap.publish.dns.zone=\"{Zone}\"",
        ], i => [$"actortrap.publish.rbldnsd.path=\"{ZoneFile(i)}\""]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await nodes.StartAllAsync();
        output.WriteLine($"three nodes up in one cluster {clock.Elapsed.TotalSeconds:0.0} s after start");
    }

    public Task DisposeAsync()
    {
        nodes?.Dispose();
        dnsbl?.Dispose();
        work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Spambot_seen_by_three_nodes_is_listed_once_then_held_by_every_node_without_dns()
    {
        // Two visits are not enough for the threshold; the third node's verdict lists it.
        for (var i = 0; i < 3; i++)
        {
            await SpambotClient.RunAsync(Spambot, nodes[i].Smtp, RecipientDomain);
            var verdicts = i + 1;
            var seen = await nodes[i].WaitForJsonAsync("/api/lookup/127.0.0.9", l => l.GetProperty("verdicts").GetInt64() == verdicts);
            if (i < 2)
            {
                Assert.False(seen.GetProperty("listed").GetBoolean(), seen.ToString());
                Assert.Equal(5.5 * verdicts, seen.GetProperty("score").GetDouble(), 0.01);
            }
        }

        foreach (var i in nodes.Indexes)
        {
            var lookup = await nodes[i].WaitForJsonAsync("/api/lookup/127.0.0.9", l => l.GetProperty("listed").GetBoolean(), TimeSpan.FromSeconds(5));
            Assert.Equal("behaviour", lookup.GetProperty("class").GetString());
            Assert.Equal(["helo-rcpt-domain", "no-quit", "pregreet"], lookup.GetProperty("listing").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
            Assert.False(lookup.GetProperty("dnsbl").GetProperty("listed").GetBoolean());
        }

        // The evidence met in one place: every node's lookup reaches the same entity, which took all three verdicts.
        var entities = await Task.WhenAll(nodes.Indexes.Select(async i => (await nodes[i].GetJsonAsync("/api/lookup/127.0.0.9")).GetProperty("entity")));
        Assert.Single(entities.Select(e => e.GetProperty("node").GetString()).Distinct());
        Assert.All(entities, e => Assert.Equal(3, e.GetProperty("verdicts").GetInt64()));

        // Listed once: one row in the table, and exactly one node's merge (its entity's node) reported the new listing.
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM reputation WHERE address = '127.0.0.9'"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM reputation WHERE address = '127.0.0.9' AND listed_at IS NOT NULL"));
        var created = await Task.WhenAll(nodes.Indexes.Select(async i => (await nodes[i].GetJsonAsync("/api/reputation/stats")).GetProperty("listed").GetInt64()));
        Assert.Equal(1L, created.Sum());

        // Every node holds a new connection from 127.0.0.9 and its resolver is not asked (no query, no cache lookup).
        var before = await Task.WhenAll(nodes.Indexes.Select(i => ResolverWorkAsync(nodes[i])));
        var held = await Task.WhenAll(nodes.Indexes.Select(i => RawSmtpClient.ConnectAsync(Spambot, nodes[i].Smtp)));
        try
        {
            foreach (var i in nodes.Indexes)
            {
                await nodes[i].WaitForJsonAsync("/api/sessions?held=true&ip=127.0.0.9", s => s.GetArrayLength() == 1);
            }

            var after = await Task.WhenAll(nodes.Indexes.Select(i => ResolverWorkAsync(nodes[i])));
            Assert.Equal(before, after);

            // Each member answers for its own held count (the column ctl cluster shows).
            await nodes[0].WaitForJsonAsync("/api/cluster",
                c => ClusterNodes.Members(c).Count(m => m.Held == 1) == 3, TimeSpan.FromSeconds(10));

            // One node's dashboard, in a real browser, charts every member's held connections and lists the members.
            await using var browser = await HeadlessChromium.StartAsync(1280, 1600);
            await browser.NavigateAsync(new Uri(nodes[0].Admin, "/dashboard?every=1"));
            await browser.WaitForAsync("""
                (() => {
                  const series = [...document.querySelectorAll('[data-chart="held"] g[data-series]')];
                  return series.length === 3 && series.every(g => Number(g.dataset.last) === 1)
                    && document.querySelectorAll('#table-cluster tr[data-member]').length === 3;
                })()
                """, TimeSpan.FromSeconds(20));
            var drawn = await browser.EvaluateAsync("""
                [...document.querySelectorAll('[data-chart="held"] g[data-series]')].map(g => g.dataset.series).sort().join(' ')
                """);
            Assert.Equal("node-0 node-1 node-2", drawn.GetString());
        }
        finally
        {
            foreach (var client in held)
            {
                client.Dispose();
            }
        }

        // The zone export is a chore: one member runs the chores singleton, and only it writes its file.
        var cluster = await nodes[0].GetJsonAsync("/api/cluster");
        var holder = Assert.Single(ClusterNodes.Members(cluster), m => m.RunsChores);
        var holderIndex = nodes.Indexes.Single(i => nodes.Address(i) == holder.Address);
        await WaitForZoneFileAsync(holderIndex);
        Assert.All(nodes.Indexes.Where(i => i != holderIndex), i => Assert.False(File.Exists(ZoneFile(i)), $"node-{i} wrote the zone file without the chores"));

        // The store can be exported read-only from outside the cluster.
        var export = await ActorTrapProcess.RunAsync(["zone", "export", "--format", "plain", "--set", $"actortrap.reputation.postgres.connection-string=\"{connectionString}\""],
            TimeSpan.FromSeconds(30));
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal("127.0.0.9\n", export.Stdout);
    }

    private string ZoneFile(int node) => Path.Combine(work.FullName, $"node-{node}.zone");

    private async Task WaitForZoneFileAsync(int node)
    {
        var file = ZoneFile(node);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(File.Exists(file) && (await File.ReadAllTextAsync(file)).Contains("\n127.0.0.9", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"node-{node}, running the chores, never wrote 127.0.0.9 to {file}");
            await Task.Delay(100);
        }
    }

    /// <summary>Everything a client check would move in the resolver: questions sent, cache and report lookups.</summary>
    private static async Task<string> ResolverWorkAsync(RunningNode node)
    {
        var dns = await node.GetJsonAsync("/api/dns/stats");
        var cache = dns.GetProperty("cache");
        return $"{dns.GetProperty("queries")} {cache.GetProperty("hits")} {cache.GetProperty("misses")} {cache.GetProperty("reportHits")}";
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

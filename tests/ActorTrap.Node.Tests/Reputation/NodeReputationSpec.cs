using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Reputation.Support;
using ActorTrap.Node.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Reputation;

/// <summary>A node with no store configured: SQLite under the data directory, kept across a restart.</summary>
public sealed class NodeReputationSpec : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly VirtualTime clock = new();

    public void Dispose() => dir.Dispose();

    private async Task<NodeHost> StartAsync()
    {
        var node = await NodeHost.StartAsync(Settings.Node("solo", dir.Path, VirtualTime.SchedulerOverride), NullLoggerFactory.Instance, CancellationToken.None);
        clock.Add(node.System);
        return node;
    }

    [Fact]
    public async Task Node_without_a_store_configured_keeps_reputation_in_sqlite_under_the_data_dir_across_restarts()
    {
        var node = await StartAsync();
        try
        {
            Assert.Equal("sqlite", node.Reputation.StoreKind);
            Assert.True(File.Exists(Path.Combine(dir.Path, "reputation.db")));
            Assert.True(Directory.Exists(Path.Combine(dir.Path, "spool")));
            // The chores singleton starts once the member is up, which a loaded machine may take a moment for.
            await Support.Eventually.HoldsAsync(() => node.Reputation.Chores.RunningHere, "the chores singleton on the node of one");
            var cluster = await node.Reputation.GetClusterStateAsync();
            Assert.Equal(("solo", "sqlite", "solo"), (cluster.Self, cluster.Store, cluster.ChoresNode));

            node.VerdictSink.Submit(Evidence.Verdict(IPAddress.Parse("192.0.2.33"), clock.GetUtcNow(), "solo",
                new Sin(SinKind.Pregreet, 2), new Sin(SinKind.NoQuit, 1)));
            node.VerdictSink.Submit(Evidence.Verdict(IPAddress.Parse("192.0.2.34"), clock.GetUtcNow(), "solo", new Sin(SinKind.Pregreet, 1)));
            node.VerdictSink.Submit(Evidence.Verdict(IPAddress.Parse("192.0.2.35"), clock.GetUtcNow(), "solo"));
            await node.Reputation.ListAsync(IPNetwork.Parse("198.51.100.0/24"), "manual", "ops");
        }
        finally
        {
            // Stopping flushes the shards: nothing submitted is lost to the restart.
            await clock.StopAsync(node, "restart");
        }

        var again = await StartAsync();
        try
        {
            Assert.True(again.Blacklist.TryGet(IPAddress.Parse("192.0.2.33"), out var listed));
            Assert.Equal(["no-quit", "pregreet"], listed!.Reasons);
            Assert.True(again.Blacklist.TryGet(IPAddress.Parse("198.51.100.7"), out _));
            Assert.False(again.Blacklist.TryGet(IPAddress.Parse("192.0.2.34"), out _));
            var lookup = await again.Reputation.LookupAsync(IPAddress.Parse("192.0.2.34"));
            // Stopping a node on virtual time moves the clock a few seconds (leaving the cluster takes gossip ticks): the score decays a little.
            Assert.Equal((1.0, 1L), (Math.Round(lookup.Score, 3), lookup.Verdicts));
            Assert.Equal(0, (await again.Reputation.LookupAsync(IPAddress.Parse("192.0.2.35"))).Verdicts);
        }
        finally
        {
            await clock.StopAsync(again);
        }
    }

    [Fact]
    public async Task Verdict_sink_never_throws_and_counts_what_it_ignores()
    {
        var node = await StartAsync();
        try
        {
            node.VerdictSink.Submit(null!);
            node.VerdictSink.Submit(Evidence.Verdict(IPAddress.Parse("192.0.2.1"), clock.GetUtcNow(), "solo"));
            node.VerdictSink.Submit(Evidence.Verdict("192.0.2.2", clock.GetUtcNow(), double.NaN));
            var counters = node.Reputation.Counters;
            Assert.Equal((1L, 2L, 2L), (counters.VerdictsRejected, counters.VerdictsIn, counters.VerdictsClean));

            // The same numbers reach whoever renders /metrics, through the "ActorTrap.Reputation" meter, tagged with the node.
            var seen = new Dictionary<string, long>();
            using var listener = new System.Diagnostics.Metrics.MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ReputationCounters.MeterName && instrument.Meter.Tags?.Any(t => t.Key == "node" && (string?)t.Value == "solo") == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = value);
            listener.Start();
            listener.RecordObservableInstruments();
            Assert.Equal(2, seen["actortrap.reputation.verdicts"]);
            Assert.Equal(2, seen["actortrap.reputation.verdicts.clean"]);
            Assert.Equal(0, seen["actortrap.reputation.spool.depth"]);
            Assert.Contains("actortrap.reputation.dropped", seen.Keys);
        }
        finally
        {
            await clock.StopAsync(node);
        }
    }

    [Fact]
    public void Reference_config_binds_reputation_and_cluster_defaults_and_reports_every_bad_key_at_once()
    {
        var s = Settings.Load();
        Assert.Equal((ReputationStoreKind.Sqlite, 32, 3.0), (s.Reputation.Store, s.Reputation.Shards, s.Reputation.ListThreshold));
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromHours(24)), (s.Reputation.HalfLife, s.Reputation.ListingTtl));
        Assert.Equal(Path.GetFullPath("data"), s.Reputation.DataDirectory);
        Assert.Empty(s.Reputation.Allow);
        Assert.Equal(64L * 1024 * 1024, s.Reputation.SpoolMaxBytes);

        var pg = Settings.Load("actortrap.reputation.postgres.connection-string=\"Host=db;Username=u;Password=hunter2;Database=d\"");
        Assert.Equal(ReputationStoreKind.Postgres, pg.Reputation.Store);
        Assert.DoesNotContain("hunter2", pg.Reputation.RedactedConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", pg.Reputation.ToString(), StringComparison.Ordinal);
        var rendered = NodeConfig.Load(new ConfigSources(null, ["actortrap.reputation.postgres.connection-string=\"Host=db;Password=hunter2\""]), _ => null).Render();
        Assert.DoesNotContain("hunter2", rendered, StringComparison.Ordinal);
        Assert.Contains("Host=db", rendered, StringComparison.Ordinal);

        var loaded = NodeConfig.Load(new ConfigSources(null, [
            "actortrap.reputation.store=mongo", "actortrap.reputation.shards=0", "actortrap.reputation.allow=[\"10.0.0.1/8\", \"nonsense\"]",
            "actortrap.reputation.list-threshold=-1", "actortrap.cluster.removed-after=1s", "actortrap.reputation.sqlite.synchronous=off"]), _ => null);
        var errors = string.Join("\n", loaded.Errors);
        foreach (var key in new[] { "reputation.store", "reputation.shards", "10.0.0.0/8", "nonsense", "list-threshold", "removed-after", "synchronous" })
        {
            Assert.Contains(key, errors, StringComparison.Ordinal);
        }

        var missing = NodeConfig.Load(new ConfigSources(null, ["actortrap.reputation.store=postgres"]), _ => null);
        Assert.Contains("connection-string: must be set", string.Join("\n", missing.Errors), StringComparison.Ordinal);
        var env = NodeConfig.Load(ConfigSources.ReferenceOnly, n => n == "ACTORTRAP_POSTGRES" ? "Host=pg;Password=x" : null);
        Assert.Equal(ReputationStoreKind.Postgres, env.Settings!.Reputation.Store);
    }
}

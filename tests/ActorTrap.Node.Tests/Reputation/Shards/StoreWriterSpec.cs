using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.Actor;
using Akka.TestKit;
using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Reputation.Shards;
using ActorTrap.Node.Reputation.Spool;
using ActorTrap.Node.Reputation.Store.Sqlite;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Reputation.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Reputation.Shards;

using Settings = ActorTrap.Node.Tests.Reputation.Support.Settings;

/// <summary>One store writer against a real SQLite store, on the manual clock (batch interval 100 ms, size 10, threshold 3); each verdict with its own id, as the outbox sends them.</summary>
public sealed class StoreWriterSpec : IAsyncLifetime
{
    private readonly ActorSpecKit kit = new();
    private readonly TempDirectory dir = new();
    private readonly LocalBlacklist blacklist = new();
    private SqliteReputationStore? store;
    private DiskSpool? spool;
    private ReputationCounters? counters;
    private ShardContext? shared;
    private readonly VerdictIds ids = new();

    public async Task InitializeAsync()
    {
        var options = Settings.Node("shard-spec", dir.Path,
            "actortrap.reputation.batch-size=10", "actortrap.reputation.batch-interval=100ms", "actortrap.reputation.shards=1",
            "actortrap.reputation.idle-after=10m", "actortrap.reputation.allow=[\"198.51.100.0/24\"]").Reputation;
        var scoring = new ScoringOptions(options.ListThreshold, options.HalfLife, options.ListingTtl);
        store = new SqliteReputationStore(Path.Combine(dir.Path, "r.db"), scoring, fullSync: false);
        await store.InitializeAsync(CancellationToken.None);
        spool = new DiskSpool(Path.Combine(dir.Path, "spool"), 1 << 20);
        counters = new ReputationCounters("shard-spec", () => (0, 0, 0), () => blacklist.Count);
        shared = new ShardContext(store, spool, blacklist, counters, options, scoring, NullLogger.Instance, _ => { });
    }

    public async Task DisposeAsync()
    {
        await kit.DisposeAsync();
        await store!.DisposeAsync();
        spool!.Dispose();
        counters!.Dispose();
        dir.Dispose();
    }

    private IActorRef Shard()
    {
        var replayer = kit.ActorOf(ActorProps.Of(() => new SpoolReplayActor(shared!)), "replay");
        return kit.ActorOf(ActorProps.Of(() => new StoreWriter(0, shared!, replayer)), "writer-0");
    }

    // Pregreet by default: a strong sin counts alone, so these specs of batching and memory do not depend on the
    // corroboration and soft-sin parts of the listing rule (ListingRuleSpec holds those).
    private WriteEvidence At(string client, double weight = 1, SinKind kind = SinKind.Pregreet, IActorRef? origin = null)
    {
        var verdict = Evidence.Verdict(client, kit.Clock.GetUtcNow(), weight, kind);
        var allowed = Networks.Contains(shared!.Options.Allow, verdict.Client);
        return new WriteEvidence(Scorer.FromVerdict(verdict, allowed, ScoringOptions.DefaultMaxReasons) with { Ids = [ids.Next()] }, origin ?? ActorRefs.Nobody);
    }

    private Task<Flushed> FlushAsync(IActorRef shard) => shard.Ask<Flushed>(FlushShard.Instance, TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Verdicts_about_one_address_are_folded_into_one_row_written_after_the_batch_interval()
    {
        var shard = Shard();
        shard.Tell(At("192.0.2.1", 1, SinKind.NonSmtpCommand));
        shard.Tell(At("192.0.2.1", 0.5));
        shard.Tell(At("192.0.2.1", 0.25));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, counters!.Batches);
        Assert.Null(await store!.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None));

        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        await FlushAsync(shard);
        var row = await store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        Assert.Equal((1.75, 3L), (row!.Score, row.Verdicts));
        Assert.Equal(["non-smtp", "pregreet"], row.Reasons);
        Assert.Equal((1L, 1L, 3L), (counters.Batches, counters.RowsMerged, counters.VerdictsMerged));
    }

    [Fact]
    public async Task Batch_size_distinct_addresses_are_written_at_once_without_waiting_for_the_interval()
    {
        var shard = Shard();
        for (var i = 0; i < 10; i++)
        {
            shard.Tell(At($"192.0.2.{i}"));
        }

        // No clock movement: the size bound alone triggers the write.
        await FlushAsync(shard);
        Assert.Equal((1L, 10L), (counters!.Batches, counters.RowsMerged));
    }

    [Fact]
    public async Task Crossing_the_threshold_puts_the_address_in_this_nodes_blacklist_after_the_write()
    {
        var shard = Shard();
        shard.Tell(At("203.0.113.5", 2));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        await FlushAsync(shard);
        Assert.False(blacklist.TryGet(IPAddress.Parse("203.0.113.5"), out _));

        shard.Tell(At("203.0.113.5", 1.5, SinKind.HeloOurName));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        await FlushAsync(shard);
        Assert.True(blacklist.TryGet(IPAddress.Parse("203.0.113.5"), out var listing));
        Assert.Equal(["helo-our-name", "pregreet"], listing!.Reasons);
        Assert.Equal(1, counters!.Listed);
    }

    [Fact]
    public async Task Allow_listed_client_is_scored_but_never_listed()
    {
        var shard = Shard();
        shard.Tell(At("198.51.100.20", 10, SinKind.TrapAddress));
        await FlushAsync(shard);
        Assert.False(blacklist.TryGet(IPAddress.Parse("198.51.100.20"), out _));
        var row = await store!.GetAsync(IPAddress.Parse("198.51.100.20"), CancellationToken.None);
        Assert.Equal((10.0, true), (row!.Score, row.Allowed));
    }

    [Fact]
    public async Task While_a_merge_waits_on_the_store_four_batches_wait_and_more_is_refused_unacknowledged_for_its_node_to_resend()
    {
        var shard = Shard();
        var origin = kit.CreateProbe();
        // A real lock on the real file: another connection holds SQLite's write lock, so the first merge waits.
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, "r.db")};Pooling=false");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        var sent = new List<long>();
        for (var i = 0; i < 10 + 80 + 5; i++)
        {
            var write = At($"192.0.2.{i}", origin: origin.Ref);
            sent.Add(write.Delta.Ids[0]);
            shard.Tell(write);
        }

        await kit.WhenIdleAsync();
        // 10 in the running merge, 80 (eight batches) waiting, the last 5 refused: counted, not accepted, not spooled,
        // and their node told so it sends them again soon.
        Assert.Equal(5, counters!.VerdictsRefused);
        var refused = Enumerable.Range(0, 5).SelectMany(_ => origin.ExpectMsg<VerdictsRefused>().Ids).ToList();
        Assert.Equal(sent.Skip(90), refused);
        Assert.Equal(0, counters.DeltasSpooled);
        Assert.True(spool!.IsEmpty);

        await using (var commit = holder.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }

        await FlushAsync(shard);
        var accepted = new HashSet<long>();
        while (accepted.Count < 90)
        {
            accepted.UnionWith(origin.ExpectMsg<VerdictsAccepted>(TimeSpan.FromSeconds(5)).Ids);
        }

        origin.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(sent.Take(90).ToHashSet(), accepted);
        Assert.Equal((90L, 0L), (counters.VerdictsMerged, counters.VerdictsDropped));
        Assert.Null(await store!.GetAsync(IPAddress.Parse("192.0.2.92"), CancellationToken.None));

        // The refused ones come back (as the outbox resends them) and are taken now that the store keeps up.
        for (var i = 90; i < 95; i++)
        {
            shard.Tell(At($"192.0.2.{i}", origin: origin.Ref));
        }

        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        await FlushAsync(shard);
        Assert.Equal(95L, counters.VerdictsMerged);
        Assert.NotNull(await store.GetAsync(IPAddress.Parse("192.0.2.92"), CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_the_full_spool_refuses_is_not_acknowledged_and_nothing_spooled_before_is_dropped()
    {
        // A spool with room for one batch of 10 and not two; the store closed, so every merge and replay fails at once.
        var one = SpoolCodec.Encode([.. Enumerable.Range(0, 10).Select(i => At($"198.18.0.{i}").Delta)]).Length;
        spool!.Dispose();
        spool = new DiskSpool(Path.Combine(dir.Path, "spool-small"), one + (one / 2));
        shared = shared! with { Spool = spool };
        await store!.DisposeAsync();
        var shard = Shard();
        var origin = kit.CreateProbe();

        var first = Enumerable.Range(0, 10).Select(i => At($"198.18.0.{i}", origin: origin.Ref)).ToList();
        first.ForEach(w => shard.Tell(w));
        var accepted = origin.ExpectMsg<VerdictsAccepted>(TimeSpan.FromSeconds(10));
        Assert.Equal(first.Select(w => w.Delta.Ids[0]).ToHashSet(), accepted.Ids.ToHashSet());
        Assert.Equal(10, counters!.DeltasSpooled);

        // The spool still holds the first batch (the replayer cannot write it either): the second does not fit.
        var second = Enumerable.Range(0, 10).Select(i => At($"198.18.1.{i}", origin: origin.Ref)).ToList();
        second.ForEach(w => shard.Tell(w));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        await AwaitAsync(() => counters.VerdictsRefused == 10, "the second batch to be refused");
        Assert.Equal(second.Select(w => w.Delta.Ids[0]), origin.ExpectMsg<VerdictsRefused>().Ids);
        origin.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(10, spool.PendingDeltas);
        Assert.Equal(first.Select(w => w.Delta.Ids[0]), spool.Peek()!.Deltas.SelectMany(d => d.Ids));
        Assert.Equal(0, counters.VerdictsDropped);
    }

    private static async Task AwaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting for {what}");
            await Task.Delay(10);
        }
    }
}

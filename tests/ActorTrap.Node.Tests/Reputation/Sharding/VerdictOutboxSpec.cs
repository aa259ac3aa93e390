using System.Net;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Reputation.Support;
using ActorTrap.Node.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorTrap.Node.Tests.Reputation.Sharding;

/// <summary>
/// The outbox on virtual time, with probes for the shard region and the node's writer: verdicts go out batched per
/// shard, are resent until accepted, and a node that cannot get them accepted writes them itself.
/// </summary>
public sealed class VerdictOutboxSpec : IAsyncLifetime
{
    private static readonly OutboxOptions Options = new(TimeSpan.FromMilliseconds(20), 3, TimeSpan.FromSeconds(10), 5, 4);
    private readonly ActorSpecKit kit = new();
    private readonly ReputationCounters counters = new("outbox-spec", () => (0, 0, 0), () => 0);
    private readonly ReputationExtractor extractor = new(8);
    private readonly VerdictIds ids = new();
    private TestProbe region = null!;
    private TestProbe writer = null!;
    private IActorRef outbox = ActorRefs.Nobody;

    public Task InitializeAsync()
    {
        region = kit.CreateProbe("region");
        writer = kit.CreateProbe("writer");
        var w = writer.Ref;
        outbox = kit.ActorOf(ActorProps.Of(() => new VerdictOutbox(region.Ref, extractor, _ => w, Options, counters, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)), "outbox");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await kit.DisposeAsync();
        counters.Dispose();
    }

    private EvidenceDelta Delta(string address) =>
        Scorer.FromVerdict(Evidence.Verdict(address, kit.Clock.GetUtcNow(), 2, SinKind.Pregreet), false, ScoringOptions.DefaultMaxReasons) with { Ids = [ids.Next()] };

    [Fact]
    public async Task Verdicts_wait_send_interval_and_leave_as_one_batch_per_shard()
    {
        var a = Delta("192.0.2.1");
        var b = Delta("192.0.2.1");
        outbox.Tell(a);
        outbox.Tell(b);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(20));
        var batch = region.ExpectMsg<VerdictBatch>();
        Assert.Equal(extractor.ShardOf(IPAddress.Parse("192.0.2.1")), batch.Shard);
        Assert.Equal([a.Ids[0], b.Ids[0]], batch.Items.Select(d => d.Ids[0]));
        Assert.Equal(outbox, batch.Origin);
    }

    [Fact]
    public async Task A_full_batch_for_one_shard_leaves_at_once()
    {
        for (var i = 0; i < 3; i++)
        {
            outbox.Tell(Delta("198.51.100.9"));
        }

        await kit.WhenIdleAsync();
        Assert.Equal(3, region.ExpectMsg<VerdictBatch>().Items.Count);
    }

    /// <summary>Two verdicts for (usually) two shards, sent once send-interval passed; the region's batches taken.</summary>
    private async Task<(EvidenceDelta A, EvidenceDelta B)> SendTwoAsync()
    {
        var a = Delta("192.0.2.7");
        var b = Delta("203.0.113.8");
        outbox.Tell(a);
        outbox.Tell(b);
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(20));
        region.ReceiveN(extractor.ShardOf(a.Address) == extractor.ShardOf(b.Address) ? 1 : 2);
        return (a, b);
    }

    [Fact]
    public async Task Unaccepted_verdicts_are_resent_after_resend_after_and_accepted_ones_are_not()
    {
        var (a, b) = await SendTwoAsync();
        outbox.Tell(new VerdictsAccepted([a.Ids[0]]));

        await kit.AdvanceAsync(TimeSpan.FromSeconds(10));
        await kit.AdvanceAsync(TimeSpan.FromSeconds(3));
        var resent = region.ExpectMsg<VerdictBatch>();
        Assert.Equal([b.Ids[0]], resent.Items.Select(d => d.Ids[0]));
        Assert.Equal(1, counters.VerdictsResent);
        Assert.Equal(1, counters.VerdictsAccepted);
        Assert.Equal(1, (await outbox.Ask<OutboxStats>(GetOutboxStats.Instance)).Unacknowledged);
    }

    [Fact]
    public async Task Past_the_bound_new_verdicts_go_to_this_nodes_writer_and_still_wait_for_acceptance()
    {
        for (var i = 0; i < 5; i++)
        {
            outbox.Tell(Delta($"192.0.2.{i}"));
        }

        var extra = Delta("192.0.2.99");
        outbox.Tell(extra);
        await kit.WhenIdleAsync();
        var local = writer.ExpectMsg<WriteEvidence>();
        Assert.Equal(extra.Ids, local.Delta.Ids);
        Assert.Equal(outbox, local.Origin);
        Assert.Equal(1, counters.VerdictsWrittenLocally);
        Assert.Equal(6, (await outbox.Ask<OutboxStats>(GetOutboxStats.Instance)).Unacknowledged);
    }

    [Fact]
    public async Task Drain_answers_once_everything_is_accepted_and_writes_the_rest_locally_when_told()
    {
        var a = Delta("192.0.2.50");
        outbox.Tell(a);
        var drained = outbox.Ask<OutboxDrained>(new DrainOutbox(false), TimeSpan.FromSeconds(10));
        await kit.WhenIdleAsync();
        Assert.False(drained.IsCompleted);
        region.ExpectMsg<VerdictBatch>();

        var local = outbox.Ask<OutboxDrained>(new DrainOutbox(true), TimeSpan.FromSeconds(10));
        Assert.Equal(a.Ids, writer.ExpectMsg<WriteEvidence>().Delta.Ids);
        outbox.Tell(new VerdictsAccepted(a.Ids.ToArray()));
        await Task.WhenAll(drained, local);
        Assert.Equal(0, (await outbox.Ask<OutboxStats>(GetOutboxStats.Instance)).Unacknowledged);
    }

    [Fact]
    public async Task Past_twice_the_bound_new_verdicts_are_dropped_and_counted_and_taking_resumes_once_acceptances_come()
    {
        var held = Enumerable.Range(0, 10).Select(i => Delta($"192.0.2.{i}")).ToList();
        held.ForEach(d => outbox.Tell(d));
        outbox.Tell(Delta("192.0.2.200"));
        outbox.Tell(Delta("192.0.2.201"));
        await kit.WhenIdleAsync();
        Assert.Equal(2, counters.VerdictsDropped);
        Assert.Equal(10, (await outbox.Ask<OutboxStats>(GetOutboxStats.Instance)).Unacknowledged);

        // Accepted ones free room; nothing accepted was touched, and new verdicts are taken again.
        outbox.Tell(new VerdictsAccepted([.. held.Take(6).SelectMany(d => d.Ids)]));
        outbox.Tell(Delta("192.0.2.202"));
        await kit.WhenIdleAsync();
        Assert.Equal(2, counters.VerdictsDropped);
        Assert.Equal((6L, 5), (counters.VerdictsAccepted, (await outbox.Ask<OutboxStats>(GetOutboxStats.Instance)).Unacknowledged));
    }

    [Fact]
    public async Task Refused_verdicts_are_sent_again_after_a_second_not_after_resend_after()
    {
        var (a, b) = await SendTwoAsync();
        outbox.Tell(new VerdictsRefused([.. a.Ids]));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(999));
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(21));
        Assert.Equal(a.Ids, region.ExpectMsg<VerdictBatch>().Items.Single().Ids);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, counters.VerdictsResent);
    }

    [Fact]
    public async Task At_most_the_window_is_out_unanswered_and_each_answer_lets_the_next_in_line_go()
    {
        // Window 4, batches of 3: one address so every verdict is for the same shard.
        var all = Enumerable.Range(0, 5).Select(_ => Delta("192.0.2.33")).ToList();
        all.ForEach(d => outbox.Tell(d));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(20));
        var sent = region.ReceiveN(2).Cast<VerdictBatch>().SelectMany(b => b.Items).Select(d => d.Ids[0]).ToList();
        Assert.Equal(all.Take(4).Select(d => d.Ids[0]), sent);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(5, (await outbox.Ask<OutboxStats>(GetOutboxStats.Instance)).Unacknowledged);

        outbox.Tell(new VerdictsAccepted([.. all[0].Ids]));
        await kit.AdvanceAsync(TimeSpan.FromMilliseconds(20));
        Assert.Equal(all[4].Ids, region.ExpectMsg<VerdictBatch>().Items.Single().Ids);
    }
}

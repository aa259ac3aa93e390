using ActorTrap.Actors.TestKit;
using ActorTrap.Actors.Tests.Support;

namespace ActorTrap.Actors.Tests;

public sealed class MailboxSpec
{
    [Fact]
    public async Task Messages_from_one_sender_arrive_in_send_order()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.ActorOf(Props.Create(() => new ForwardActor(probe)), "forward");
        for (var i = 0; i < 10_000; i++)
        {
            actor.Tell(i);
        }

        var received = await probe.ReceiveNAsync(10_000);
        Assert.Equal(Enumerable.Range(0, 10_000).Cast<object>(), received);
    }

    [Fact]
    public async Task Concurrent_senders_keep_per_sender_order_and_the_actor_never_runs_concurrently()
    {
        await using var kit = new ActorTestKit(options: new ActorSystemOptions { Throughput = 7 });
        var actor = kit.ActorOf(Props.Create(() => new RaceDetector()), "race");
        const int senders = 4;
        const int perSender = 20_000;
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                actor.Tell(new Numbered(s, i));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(10))));
        await kit.WhenIdleAsync();

        var result = await actor.Ask<RaceResult>("result", TimeSpan.FromSeconds(3));
        Assert.Equal(senders * perSender, result.Count);
        Assert.Equal(0, result.Overlaps);
        Assert.Equal(0, result.OutOfOrder);
    }

    [Theory]
    [InlineData(MailboxOverflow.DropNewest, new[] { 0, 1, 2 })]
    [InlineData(MailboxOverflow.DropOldest, new[] { 7, 8, 9 })]
    [InlineData(MailboxOverflow.Reject, new[] { 0, 1, 2 })]
    public async Task Full_bounded_mailbox_drops_by_its_overflow_rule_and_counts_dead_letters(MailboxOverflow overflow, int[] kept)
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        using var gate = new ManualResetEventSlim();
        var actor = kit.ActorOf(Props.Create(() => new GatedForward(probe, gate)).WithMailbox(MailboxOptions.Bounded(3, overflow)), "bounded");
        actor.Tell("block");
        await probe.ExpectMsgAsync<string>(predicate: s => s == "blocked");
        for (var i = 0; i < 10; i++)
        {
            actor.Tell(i, probe);
        }

        Assert.Equal(7, kit.System.DeadLetters.CountOf<int>());
        if (overflow == MailboxOverflow.Reject)
        {
            var rejections = await probe.ReceiveNAsync(7);
            Assert.All(rejections, r => Assert.IsType<MailboxFullException>(Assert.IsType<StatusFailure>(r).Cause));
        }

        gate.Set();
        var received = await probe.ReceiveNAsync(kept.Length);
        Assert.Equal(kept.Cast<object>(), received);
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Snapshot_reports_mailbox_depth_of_a_busy_actor()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        using var gate = new ManualResetEventSlim();
        var actor = kit.ActorOf(Props.Create(() => new GatedForward(probe, gate)), "busy");
        actor.Tell("block");
        await probe.ExpectMsgAsync<string>(predicate: s => s == "blocked");
        for (var i = 0; i < 5; i++)
        {
            actor.Tell(i);
        }

        var snapshot = kit.System.Snapshot("/user/busy");
        gate.Set();
        Assert.NotNull(snapshot);
        Assert.Equal(5, snapshot.MailboxDepth);
        Assert.Equal(nameof(GatedForward), snapshot.ActorType);
        await probe.ReceiveNAsync(5);
    }

    private sealed record Numbered(int Sender, int Sequence);

    private sealed record RaceResult(int Count, int Overlaps, int OutOfOrder);

    private sealed class RaceDetector : Actor
    {
        private readonly Dictionary<int, int> last = [];
        private int inside;
        private int count;
        private int overlaps;
        private int outOfOrder;

        protected override void OnReceive(object message)
        {
            if (message is "result")
            {
                Sender.Tell(new RaceResult(count, overlaps, outOfOrder));
                return;
            }

            // A non-atomic read-modify-write with a yield in between: two turns at once would be caught.
            var before = inside;
            inside = before + 1;
            if (before != 0)
            {
                overlaps++;
            }

            var n = (Numbered)message;
            if (last.TryGetValue(n.Sender, out var previous) && previous + 1 != n.Sequence)
            {
                outOfOrder++;
            }

            last[n.Sender] = n.Sequence;
            count++;
            Thread.SpinWait(5);
            inside--;
        }
    }

    private sealed class GatedForward(IActorRef probe, ManualResetEventSlim gate) : Actor
    {
        protected override void OnReceive(object message)
        {
            if (message is "block")
            {
                probe.Tell("blocked");
                gate.Wait(TimeSpan.FromSeconds(5));
                return;
            }

            probe.Tell(message, Sender);
        }
    }
}

using ActorTrap.Actors;
using ActorTrap.Actors.TestKit;
using ActorTrap.Metrics;
using ActorTrap.Node.Hosting;

namespace ActorTrap.Node.Tests.Hosting;

// Alone: it failed in a full run on the dead-letter total, to which every node another spec starts adds its own.
[Collection(Publishing.UdpFeed.AloneCollection.Name)]
public sealed class ActorMetricsSpec
{
    [Fact]
    public async Task Metrics_show_live_actors_and_mailbox_depth_by_type_and_dead_letters()
    {
        await using var kit = new ActorTestKit();
        using var collector = new PrometheusCollector();
        using var metrics = new ActorMetrics(kit.System);
        using var release = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        var stuck = kit.ActorOf(Props.Create(() => new Blocker(release, entered)), "stuck");
        for (var i = 0; i < 3; i++)
        {
            kit.ActorOf(Props.Create(() => new Blocker(release, entered)), "idle-" + i);
        }

        for (var i = 0; i < 5; i++)
        {
            stuck.Tell("work"); // the first blocks the actor; four wait in its mailbox
        }

        var gone = kit.ActorOf(Props.Create(() => new Blocker(release, entered)), "gone");
        await kit.System.GracefulStopAsync(gone, TimeSpan.FromSeconds(3));
        gone.Tell("late");
        // Watchers hear of a stop before the parent drops the child from its table (the tree the metrics walk):
        // wait, bounded, until the tree no longer has it, or the live count reads 5 on a busy machine.
        for (var deadline = DateTime.UtcNow.AddSeconds(3); kit.System.Snapshot(gone.Path, 0) is not null;)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stopped actor stayed in the tree");
            await Task.Delay(10);
        }

        Assert.True(entered.Wait(TimeSpan.FromSeconds(3)), "the first message never reached the actor");
        var text = collector.Render();
        release.Set();
        Assert.Contains("actortrap_actors_live{type=\"Blocker\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("actortrap_actors_mailbox_depth_max{type=\"Blocker\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("actortrap_actors_dead_letters_total 1", text, StringComparison.Ordinal);
    }

    private sealed class Blocker(ManualResetEventSlim release, ManualResetEventSlim entered) : Actor
    {
        protected override void OnReceive(object message)
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(5));
        }
    }
}

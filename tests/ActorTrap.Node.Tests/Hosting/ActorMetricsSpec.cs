using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Tests.Support;

namespace ActorTrap.Node.Tests.Hosting;

// Not alone any more: the scrape reads only the meters of the ActorMetrics built on it (NodeMeters), so the dead
// letters of nodes other specs start beside it are not in its total.
public sealed class ActorMetricsSpec
{
    [Fact]
    public async Task Metrics_show_live_actors_and_mailbox_depth_by_type_and_dead_letters()
    {
        // A real dispatcher: the blocked actor must block its own thread, not the spec's.
        var system = ActorSystem.Create("metrics-spec", "akka.loglevel = ERROR\nakka.stdout-loglevel = ERROR\nakka.log-dead-letters = 0");
        await using var terminate = new AsyncTermination(system);
        await using var scrape = await PrometheusScrape.StartAsync();
        using var metrics = new ActorMetrics(system, scrape.Meters);
        using var release = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        var stuck = system.ActorOf(ActorProps.Of(() => new Blocker(release, entered)), "stuck");
        for (var i = 0; i < 3; i++)
        {
            system.ActorOf(ActorProps.Of(() => new Blocker(release, entered)), "idle-" + i);
        }

        for (var i = 0; i < 5; i++)
        {
            stuck.Tell("work"); // the first blocks the actor; four wait in its mailbox
        }

        var gone = system.ActorOf(ActorProps.Of(() => new Blocker(release, entered)), "gone");
        await gone.StopAndWaitAsync(TimeSpan.FromSeconds(3));
        gone.Tell("late");
        // Watchers hear of a stop before the parent drops the child from its table (the tree the metrics walk):
        // wait, bounded, until the tree no longer has it, or the live count reads 5 on a busy machine.
        for (var deadline = DateTime.UtcNow.AddSeconds(3); ActorTree.Snapshot(system, gone.Path.ToStringWithoutAddress(), 0) is not null;)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stopped actor stayed in the tree");
            await Task.Delay(10);
        }

        Assert.True(entered.Wait(TimeSpan.FromSeconds(3)), "the first message never reached the actor");
        // The dead letter reaches the counter through Akka's event stream, after the tell returned: wait for it, bounded.
        var scraped = ExpositionParser.Parse(await scrape.TextAsync());
        for (var deadline = DateTime.UtcNow.AddSeconds(3); DeadLetters(scraped) < 1 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(10);
            scraped = ExpositionParser.Parse(await scrape.TextAsync());
        }

        release.Set();
        Assert.Equal(4, scraped.Family("actortrap_actors_live").Value("actortrap_actors_live", ("type", "Blocker")));
        Assert.Equal(4, scraped.Family("actortrap_actors_mailbox_depth_max").Value("actortrap_actors_mailbox_depth_max", ("type", "Blocker")));
        Assert.Equal(1, DeadLetters(scraped));
    }

    private static double DeadLetters(Exposition scraped) =>
        scraped.Has("actortrap_actors_dead_letters_total") ? scraped.Family("actortrap_actors_dead_letters_total").Value("actortrap_actors_dead_letters_total") : 0;

    private sealed class AsyncTermination(ActorSystem system) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await system.TerminateWithin(TimeSpan.FromSeconds(5));
    }

    private sealed class Blocker(ManualResetEventSlim release, ManualResetEventSlim entered) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(5));
        }
    }
}

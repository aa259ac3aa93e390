using System.Collections;
using System.Reflection;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using AkkaTestKit = Akka.TestKit.Xunit2.TestKit;

namespace ActorTrap.Node.Tests.Support;

/// <summary>
/// Akka.TestKit set up for ActorTrap's actor specs: an actor system on the TestKit's <see cref="TestScheduler"/>
/// (virtual time: actor timers and the node's <see cref="ActorClock"/> move only when a spec advances it) and on
/// the TestKit's calling-thread dispatcher, so a message told to an actor is handled before the tell returns and a
/// spec sees the effect of every step at once, without waiting. Probes are Akka's <see cref="TestProbe"/>.
/// </summary>
internal sealed class ActorSpecKit : IAsyncDisposable
{
    /// <summary>The akka section of every spec system (also what node specs put in their configuration).</summary>
    public const string VirtualTimeHocon = """
        akka {
          scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
          actor.default-dispatcher.type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
          loglevel = WARNING
          stdout-loglevel = WARNING
          log-dead-letters = 0
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    private static readonly FieldInfo ScheduledWork = typeof(TestScheduler).GetField("_scheduledWork", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Akka.TestKit's TestScheduler changed: _scheduledWork is gone");

    private static long probes;

    /// <param name="defaultTimeout">How long (real time) a probe's expectations wait by default (3 s).</param>
    public ActorSpecKit(string? name = null, TimeSpan? defaultTimeout = null)
    {
        var expect = (long)(defaultTimeout ?? TimeSpan.FromSeconds(3)).TotalMilliseconds;
        Kit = new AkkaTestKit(ConfigurationFactory.ParseString($"akka.test.single-expect-default = {expect}ms").WithFallback(ConfigurationFactory.ParseString(VirtualTimeHocon)), name ?? "test");
        Scheduler = (TestScheduler)Kit.Sys.Scheduler;
        // Start on a whole hour, as a fixed start date would: the hold pool rounds its ticks to whole fractions of a
        // second, and a spec counting trickles in a window expects them on the round times it computed.
        Scheduler.AdvanceTo(NextHour(Scheduler.Now));
        Clock = Kit.Sys.Clock();
    }

    public AkkaTestKit Kit { get; }

    public ActorSystem System => Kit.Sys;

    public TestScheduler Scheduler { get; }

    /// <summary>The system's clock: the scheduler's virtual time.</summary>
    public TimeProvider Clock { get; }

    public TestProbe CreateProbe(string? name = null) => Kit.CreateTestProbe(name ?? "probe-" + Interlocked.Increment(ref probes));

    /// <summary>Creates an actor and returns once it has started (its PreStart ran and its first timers are scheduled).</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        var actor = System.ActorOf(props, name);
        // Identify is handled after the actor's start: a spec that advances time right away finds its first timers.
        actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        return actor;
    }

    /// <summary>Waits (bounded, real time) until no mailbox under /user holds a message (work piped back from other threads included).</summary>
    public Task WhenIdleAsync() => WhenIdle(System);

    /// <summary>
    /// Advances virtual time by <paramref name="by"/> one due time at a time (the TestScheduler alone would fire
    /// everything due at the end time, once), so that a timer a timer's handler starts within the window fires too.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        await WhenIdleAsync();
        var target = Scheduler.Now + by;
        // Bounded: a periodic timer of interval i fires at most by/i times; this cap stops a zero-delay loop.
        for (var step = 0; step < 1_000_000; step++)
        {
            if (NextDue(Scheduler) is not { } due || due > target.UtcTicks)
            {
                break;
            }

            Scheduler.AdvanceTo(new DateTimeOffset(Math.Max(due, Scheduler.Now.UtcTicks), TimeSpan.Zero));
            await WhenIdleAsync();
        }

        Scheduler.AdvanceTo(target);
        await WhenIdleAsync();
    }

    public void Advance(TimeSpan by) => AdvanceAsync(by).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await System.TerminateWithin(TimeSpan.FromSeconds(5));
        Kit.Dispose();
    }

    /// <summary>The next whole hour after <paramref name="t"/>.</summary>
    public static DateTimeOffset NextHour(DateTimeOffset t) =>
        new(t.UtcTicks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour + TimeSpan.TicksPerHour, TimeSpan.Zero);

    /// <summary>When the earliest scheduled item of <paramref name="scheduler"/> is due (UTC ticks), or null.</summary>
    public static long? NextDue(TestScheduler scheduler)
    {
        var work = (IDictionary)ScheduledWork.GetValue(scheduler)!;
        long? earliest = null;
        foreach (var key in work.Keys.Cast<long>().ToArray())
        {
            if (earliest is null || key < earliest)
            {
                earliest = key;
            }
        }

        return earliest;
    }

    /// <summary>Waits (bounded, real time) until no mailbox under /user holds a message.</summary>
    public static async Task WhenIdle(ActorSystem system)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var quiet = 0;
        while (quiet < 2)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the actor system did not become idle within 5 s");
            }

            quiet = Pending(ActorTree.Snapshot(system)) == 0 ? quiet + 1 : 0;
            await Task.Yield();
        }
    }

    private static int Pending(ActorSnapshot? node) => node is null ? 0 : node.MailboxDepth + node.Children.Sum(Pending);
}

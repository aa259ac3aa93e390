using Akka.Actor;
using Akka.TestKit;

namespace ActorTrap.Node.Tests.Support;

/// <summary>
/// Virtual time for whole nodes: each node's actor system runs on Akka.TestKit's <see cref="TestScheduler"/> (the
/// <see cref="SchedulerOverride"/> in its configuration), and this clock moves all of them together, one due time
/// at a time, waiting after each step until the nodes' mailboxes are empty (their actors run on real threads).
/// Before the first node joins it keeps its own time; a node that joins is brought forward to it.
/// </summary>
internal sealed class VirtualTime : TimeProvider
{
    /// <summary>The <c>--set</c> override that puts a node on a TestScheduler.</summary>
    public const string SchedulerOverride = "akka.scheduler.implementation=\"Akka.TestKit.TestScheduler, Akka.TestKit\"";

    private readonly Lock gate = new();
    private readonly List<(ActorSystem System, TestScheduler Scheduler)> nodes = [];
    private DateTimeOffset now = ActorSpecKit.NextHour(DateTimeOffset.UtcNow);

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Drives <paramref name="system"/> from now on (it must run on a TestScheduler).</summary>
    public void Add(ActorSystem system)
    {
        var scheduler = system.Scheduler as TestScheduler
            ?? throw new InvalidOperationException($"the node's scheduler is {system.Scheduler.GetType().Name}; add {SchedulerOverride} to its configuration");
        lock (gate)
        {
            if (scheduler.Now > now)
            {
                foreach (var (_, other) in nodes)
                {
                    other.AdvanceTo(scheduler.Now);
                }

                now = scheduler.Now;
            }
            else
            {
                scheduler.AdvanceTo(now);
            }

            nodes.Add((system, scheduler));
        }
    }

    /// <summary>Moves every node's time forward by <paramref name="by"/>, stepping through every due timer.</summary>
    public void Advance(TimeSpan by) => AdvanceAsync(by).GetAwaiter().GetResult();

    public async Task AdvanceAsync(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var target = GetUtcNow() + by;
        await IdleAsync();
        for (var step = 0; step < 1_000_000; step++)
        {
            long? next;
            lock (gate)
            {
                next = nodes.Select(n => ActorSpecKit.NextDue(n.Scheduler)).Where(d => d is not null).Min();
            }

            if (next is not { } due || due > target.UtcTicks)
            {
                break;
            }

            MoveTo(new DateTimeOffset(Math.Max(due, GetUtcNow().UtcTicks), TimeSpan.Zero));
            await IdleAsync();
        }

        MoveTo(target);
        await IdleAsync();
    }

    /// <summary>
    /// Stops a node on this clock. Leaving the cluster takes Akka's gossip and leader ticks, which fire only as
    /// virtual time moves: time moves in 250 ms steps until the stop completes (bounded by a minute of real time).
    /// </summary>
    public async Task<bool> StopAsync(ActorTrap.Node.Hosting.NodeHost node, string reason = "test over")
    {
        ArgumentNullException.ThrowIfNull(node);
        var stop = node.StopAsync(reason);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!stop.IsCompleted && DateTime.UtcNow < deadline)
        {
            lock (gate)
            {
                nodes.RemoveAll(n => n.System.WhenTerminated.IsCompleted);
            }

            await Task.WhenAny(stop, Task.Delay(5));
            if (!stop.IsCompleted)
            {
                await AdvanceAsync(TimeSpan.FromMilliseconds(250));
            }
        }

        return await stop;
    }

    private void MoveTo(DateTimeOffset when)
    {
        (ActorSystem, TestScheduler)[] all;
        lock (gate)
        {
            now = when;
            all = [.. nodes];
        }

        foreach (var (_, scheduler) in all)
        {
            scheduler.AdvanceTo(when);
        }
    }

    private async Task IdleAsync()
    {
        (ActorSystem System, TestScheduler)[] all;
        lock (gate)
        {
            all = [.. nodes];
        }

        foreach (var (system, _) in all.Where(n => !n.System.WhenTerminated.IsCompleted))
        {
            await ActorSpecKit.WhenIdle(system);
        }
    }
}

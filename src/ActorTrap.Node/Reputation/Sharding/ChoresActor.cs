using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Reputation.Cluster;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// The cluster's chores (listing expiry, purge, the rbldnsd export with a shared store), run every
/// <c>chore-interval</c> by whichever node hosts this actor: it is a cluster singleton (Akka.Cluster.Tools), so exactly
/// one node runs it, and it moves to the oldest remaining member when that node leaves or is downed. One round at a
/// time; a failing chore is logged and the others run.
/// </summary>
internal sealed class ChoresActor(ChoreRegistry chores, TimeSpan interval, ILogger logger) : UntypedActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly TimeProvider clock = Context.Clock();
    private bool busy;

    protected override void PreStart()
    {
        chores.RunningHere = true;
        Log.ChoresAcquired(logger);
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, interval);
    }

    protected override void PostStop()
    {
        chores.RunningHere = false;
        Log.ChoresLost(logger, "this node left the cluster or the chores moved");
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Tick when !busy:
                busy = true;
                RunAsync(clock.GetUtcNow()).PipeTo(Self, success: () => Done.Instance, failure: _ => Done.Instance);
                break;
            case Tick:
                break;
            case Done:
                busy = false;
                chores.Rounds++;
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private async Task RunAsync(DateTimeOffset now)
    {
        using var timeout = new CancellationTokenSource(interval * 4 + TimeSpan.FromSeconds(10));
        foreach (var chore in chores.All)
        {
            try
            {
                await chore.RunAsync(now, timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failing chore must not stop the others or the next round; it is logged
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ChoreFailed(logger, chore.Name, e.Message);
            }
        }
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Done
    {
        public static readonly Done Instance = new();
    }
}

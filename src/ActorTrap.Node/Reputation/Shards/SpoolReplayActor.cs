using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Spool;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>
/// Writes spooled batches back into the store, oldest first, one at a time: at once when told the spool has work,
/// then every <c>spool.retry-interval</c> while the store stays unreachable. Shards keep spooling new batches
/// while anything is spooled, so the store sees evidence in the order it was written.
/// </summary>
internal sealed class SpoolReplayActor(ShardContext shared) : UntypedActor, IWithTimers
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The system's clock (<see cref="ActorClock"/>), read once: every time this actor keeps is on it.</summary>
    private readonly TimeProvider clock = Context.Clock();

    private static readonly object RetryKey = new();
    private SpooledBatch? inFlight;

    protected override void PreStart()
    {
        if (!shared.Spool.IsEmpty)
        {
            Log.SpoolReplaying(shared.Logger, shared.Spool.PendingBatches, shared.Spool.PendingDeltas);
            Self.Tell(SpoolHasWork.Instance);
        }
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SpoolHasWork:
                if (inFlight is null)
                {
                    ReplayNext();
                }

                break;
            case Replayed r:
                inFlight = null;
                shared.Spool.Commit(r.Batch);
                shared.Counters.Replayed(r.Batch.Deltas.Count);
                shared.Counters.Merged(r.Results.Count, r.Batch.Deltas.Sum(d => (long)d.Verdicts), clock.GetElapsedTime(r.StartedAt));
                shared.Apply(r.Results, clock.GetUtcNow());
                ReplayNext();
                break;
            case ReplayFailed f:
                inFlight = null;
                shared.StoreFailed(f.Error);
                Timers.StartSingleTimer(RetryKey, SpoolHasWork.Instance, shared.Options.RetryInterval);
                break;
            case FlushShard:
                Sender.Tell(new Flushed(-1));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void ReplayNext()
    {
        Timers.Cancel(RetryKey);
        var batch = shared.Spool.Peek();
        if (batch is null)
        {
            if (shared.Counters.StoreRecovered())
            {
                Log.StoreRecovered(shared.Logger, shared.Counters.DeltasReplayed);
            }

            return;
        }

        inFlight = batch;
        var started = clock.GetTimestamp();
        var timeout = new CancellationTokenSource(shared.Options.StoreTimeout);
        var merge = shared.Store.MergeAsync(batch.Deltas, clock.GetUtcNow(), timeout.Token);
        merge.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
        merge.PipeTo(Self, success: results => new Replayed(batch, results, started), failure: e => new ReplayFailed(e));
    }

    private sealed record Replayed(SpooledBatch Batch, IReadOnlyList<MergeResult> Results, long StartedAt);

    private sealed record ReplayFailed(Exception Error);
}

using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>
/// One of N reputation shards: every verdict about an address whose stable hash falls here. Verdicts are folded
/// per address in memory and written as one batch when <c>batch-size</c> addresses are pending or
/// <c>batch-interval</c> has passed since the first, one merge at a time. A failed merge, or any batch while the
/// spool still holds older ones, goes to the spool (the replayer writes those back in order), and so does a full
/// batch that builds up while a merge is still running, so a shard never holds more than one batch. Recent addresses
/// keep their last merged state in memory, bounded and passivated when idle.
/// </summary>
internal sealed class ShardActor : UntypedActor, IWithTimers
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The system's clock (<see cref="ActorClock"/>), read once: every time this actor keeps is on it.</summary>
    private readonly TimeProvider clock = Context.Clock();

    private readonly int index;
    private readonly ShardContext shared;
    private readonly IActorRef replayer;
    private readonly RecentAddresses recent;
    private Dictionary<IpKey, EvidenceDelta> pending = [];
    private readonly List<IActorRef> flushWaiters = [];
    private bool inFlight;
    private long batches;
    private long verdictsIn;
    private DateTimeOffset? lastWrite;
    private readonly RecentRate rate = new();

    public ShardActor(int index, ShardContext shared, IActorRef replayer)
    {
        this.index = index;
        this.shared = shared;
        this.replayer = replayer;
        recent = new RecentAddresses(Math.Max(1, shared.Options.RecentAddresses / shared.Options.Shards));
    }

    protected override void PreStart()
    {
        var sweep = TimeSpan.FromTicks(Math.Clamp(shared.Options.IdleAfter.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        Timers.StartPeriodicTimer(SweepTick.Instance, SweepTick.Instance, sweep);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Verdict v:
                Add(v);
                break;
            case FlushTick:
                Flush();
                break;
            case BatchWritten w:
                Written(w);
                break;
            case BatchFailed f:
                Failed(f);
                break;
            case FlushShard:
                flushWaiters.Add(Sender);
                Flush();
                AnswerFlushWaiters();
                break;
            case GetShardStats:
                Sender.Tell(new ShardStats(index, pending.Count, recent.Count, inFlight, batches, verdictsIn, lastWrite, rate.PerSecond(Now)));
                break;
            case GetAddressState q:
                Sender.Tell(State(q));
                break;
            case SweepTick:
                recent.Sweep(Now - shared.Options.IdleAfter);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private DateTimeOffset Now => clock.GetUtcNow();

    private void Add(Verdict verdict)
    {
        verdictsIn++;
        var now = Now;
        rate.Count(now);
        var allowed = Networks.Contains(shared.Options.Allow, verdict.Client);
        var delta = Scorer.FromVerdict(verdict, allowed, shared.Scoring.MaxReasons);
        pending[delta.Key] = pending.TryGetValue(delta.Key, out var before)
            ? Scorer.Combine(before, delta, shared.Scoring.HalfLife, shared.Scoring.MaxReasons)
            : delta;
        recent.Touch(delta.Key, now);
        if (pending.Count >= shared.Options.BatchSize && inFlight)
        {
            // The store is slower than the verdicts: memory stays bounded at one batch; the spool takes the rest
            // and the replayer writes it alongside (merges commute, so the order of these batches does not matter).
            shared.SpoolBatch(TakePending());
            replayer.Tell(SpoolHasWork.Instance);
        }
        else if (pending.Count >= shared.Options.BatchSize)
        {
            Flush();
        }
        else if (!inFlight && !Timers.IsTimerActive(FlushTick.Instance))
        {
            Timers.StartSingleTimer(FlushTick.Instance, FlushTick.Instance, shared.Options.BatchInterval);
        }
    }

    private void Flush()
    {
        Timers.Cancel(FlushTick.Instance);
        if (pending.Count == 0 || inFlight)
        {
            return;
        }

        var batch = TakePending();
        if (!shared.Spool.IsEmpty)
        {
            // Older batches wait in the spool: keep the order, let the replayer write this after them.
            shared.SpoolBatch(batch);
            replayer.Tell(SpoolHasWork.Instance);
            return;
        }

        inFlight = true;
        var started = clock.GetTimestamp();
        var timeout = new CancellationTokenSource(shared.Options.StoreTimeout);
        var merge = shared.Store.MergeAsync(batch, Now, timeout.Token);
        merge.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
        merge.PipeTo(Self, success: results => new BatchWritten(batch, results, started), failure: e => new BatchFailed(batch, e));
    }

    private List<EvidenceDelta> TakePending()
    {
        var batch = pending.Values.ToList();
        pending = new Dictionary<IpKey, EvidenceDelta>(Math.Min(batch.Count * 2, shared.Options.BatchSize));
        return batch;
    }

    private void Written(BatchWritten w)
    {
        inFlight = false;
        batches++;
        shared.Counters.Merged(w.Results.Count, w.Batch.Sum(d => (long)d.Verdicts), clock.GetElapsedTime(w.StartedAt));
        var now = Now;
        lastWrite = now;
        foreach (var result in w.Results)
        {
            recent.Stored(IpKey.From(result.Record.Address), result.Record, now);
        }

        shared.Apply(w.Results, now);
        AfterWrite();
    }

    private void Failed(BatchFailed f)
    {
        inFlight = false;
        shared.StoreFailed(f.Error);
        shared.SpoolBatch(f.Batch);
        replayer.Tell(SpoolHasWork.Instance);
        AfterWrite();
    }

    private void AfterWrite()
    {
        if (pending.Count >= shared.Options.BatchSize || (flushWaiters.Count > 0 && pending.Count > 0))
        {
            Flush();
        }
        else if (pending.Count > 0 && !Timers.IsTimerActive(FlushTick.Instance))
        {
            Timers.StartSingleTimer(FlushTick.Instance, FlushTick.Instance, shared.Options.BatchInterval);
        }

        AnswerFlushWaiters();
    }

    private void AnswerFlushWaiters()
    {
        if (inFlight || pending.Count > 0 || flushWaiters.Count == 0)
        {
            return;
        }

        foreach (var waiter in flushWaiters)
        {
            waiter.Tell(new Flushed(index));
        }

        flushWaiters.Clear();
    }

    private AddressState State(GetAddressState q)
    {
        var key = IpKey.From(q.Address);
        var stored = recent.Get(key);
        var pendingScore = pending.TryGetValue(key, out var d) ? d.Score : 0;
        return new AddressState(Networks.NormaliseAddress(q.Address), index, stored?.Score, stored?.IsListedAt(Now), pendingScore) { Record = stored };
    }
}

using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Shards;
using Akka.Actor;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// One of a node's store writers: the evidence its reputation entities took, one delta per verdict, written in
/// batches of at most <c>batch-size</c> when that many are pending or <c>batch-interval</c> has passed since the first,
/// one merge at a time. The store merges a batch idempotently on the verdicts' ids, so a verdict resent after a lost
/// acknowledgement never counts twice. A failed merge, or any batch while the spool still holds older ones, goes to
/// the spool (the replayer writes those back in order). Once a batch is in the store or the spool, each sending
/// node's outbox is told which of its verdicts are accepted, and each entity its address's new state.
/// Bounded, and honest about it: while a merge runs, at most <see cref="PendingBatches"/> batches wait; a verdict
/// beyond that, or a batch the full spool refuses, is refused: not accepted, its node is told (<see cref="VerdictsRefused"/>)
/// and keeps it and sends it again a second later (or after <c>resend-after</c>, if the notice is lost). The store's pace is the pipeline's pace; nothing this writer accepted is ever dropped.
/// </summary>
internal sealed class StoreWriter : UntypedActor, IWithTimers
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The system's clock (<see cref="ActorClock"/>), read once: every time this actor keeps is on it.</summary>
    private readonly TimeProvider clock = Context.Clock();

    /// <summary>Batches that may wait while a merge runs: enough to keep the store busy, bounded in memory.</summary>
    internal const int PendingBatches = 8;

    private readonly int index;
    private readonly ShardContext shared;
    private readonly IActorRef replayer;
    private List<Pending> pending = [];
    private readonly List<IActorRef> flushWaiters = [];
    private bool inFlight;
    private long batches;
    private long verdictsIn;
    private DateTimeOffset? lastWrite;
    private readonly RecentRate rate = new();

    public StoreWriter(int index, ShardContext shared, IActorRef replayer)
    {
        this.index = index;
        this.shared = shared;
        this.replayer = replayer;
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WriteEvidence w:
                Add(new Pending(w.Delta, w.Origin, Sender));
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
                Sender.Tell(new ShardStats(index, pending.Count, 0, inFlight, batches, verdictsIn, lastWrite, rate.PerSecond(Now)));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private DateTimeOffset Now => clock.GetUtcNow();

    private void Add(Pending item)
    {
        verdictsIn++;
        rate.Count(Now);
        if (pending.Count >= shared.Options.BatchSize * PendingBatches)
        {
            // The store is slower than the verdicts: refuse rather than buffer without bound or spool what the store
            // could take (a spool filling under load only delays the same writes and competes with them).
            shared.Counters.Refused(item.Delta.Verdicts);
            Refuse([item]);
            return;
        }

        pending.Add(item);
        if (!inFlight && pending.Count >= shared.Options.BatchSize)
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

        if (!shared.Spool.IsEmpty)
        {
            // Older batches wait in the spool: keep the order, let the replayer write these after them.
            while (pending.Count > 0)
            {
                Spool(Take());
            }

            return;
        }

        var batch = Take();
        inFlight = true;
        var started = clock.GetTimestamp();
        var timeout = new CancellationTokenSource(shared.Options.StoreTimeout);
        var merge = shared.Store.MergeAsync([.. batch.Select(p => p.Delta)], Now, timeout.Token);
        merge.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
        merge.PipeTo(Self, success: results => new BatchWritten(batch, results, started), failure: e => new BatchFailed(batch, e));
    }

    /// <summary>The oldest pending verdicts, at most one batch.</summary>
    private List<Pending> Take()
    {
        var size = shared.Options.BatchSize;
        if (pending.Count <= size)
        {
            var all = pending;
            pending = [];
            return all;
        }

        var batch = pending.GetRange(0, size);
        pending.RemoveRange(0, size);
        return batch;
    }

    private void Spool(List<Pending> batch)
    {
        if (!shared.SpoolBatch([.. batch.Select(p => p.Delta)]))
        {
            // Full: not accepted (counted by the spool's owner); the origins resend.
            Refuse(batch);
            return;
        }

        replayer.Tell(SpoolHasWork.Instance);
        // In the spool counts as accepted: it survives this process and is replayed into the store.
        Accept(batch, null);
    }

    /// <summary>Not accepted: each origin is told so (it resends them soon, or after resend-after if this notice is lost); the entities stop counting them as pending.</summary>
    private static void Refuse(List<Pending> batch) => Answer(batch, ids => new VerdictsRefused(ids), null);

    private void Written(BatchWritten w)
    {
        inFlight = false;
        batches++;
        shared.Counters.Merged(w.Results.Select(r => r.Record.Address).Distinct().Count(), w.Batch.Count, clock.GetElapsedTime(w.StartedAt));
        lastWrite = Now;
        shared.Apply(w.Results, lastWrite.Value);
        Accept(w.Batch, w.Results);
        AfterWrite();
    }

    private void Failed(BatchFailed f)
    {
        inFlight = false;
        shared.StoreFailed(f.Error);
        Spool(f.Batch);
        AfterWrite();
    }

    /// <summary>Tells each origin which of its verdicts are accepted (one message per origin) and each entity its new state.</summary>
    private static void Accept(List<Pending> batch, IReadOnlyList<MergeResult>? results) => Answer(batch, ids => new VerdictsAccepted(ids), results);

    /// <summary>One message per origin about its verdicts of <paramref name="batch"/>, and to each entity how many of its verdicts this writer is done with and, after a merge, its address's state.</summary>
    private static void Answer(List<Pending> batch, Func<long[], object> toOrigin, IReadOnlyList<MergeResult>? results)
    {
        foreach (var group in batch.GroupBy(p => p.Origin))
        {
            if (!group.Key.IsNobody())
            {
                group.Key.Tell(toOrigin([.. group.SelectMany(p => p.Delta.Ids)]), ActorRefs.NoSender);
            }
        }

        // A store may answer once per delta (SQLite merges them one by one): the last result of an address is its state.
        var byAddress = new Dictionary<IpKey, MergeResult>();
        foreach (var result in results ?? [])
        {
            byAddress[IpKey.From(result.Record.Address)] = result;
        }

        foreach (var group in batch.GroupBy(p => p.Entity))
        {
            if (!group.Key.IsNobody())
            {
                byAddress.TryGetValue(group.First().Delta.Key, out var result);
                group.Key.Tell(new EntityWritten(group.Count(), result?.Record), ActorRefs.NoSender);
            }
        }
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

    private sealed record Pending(EvidenceDelta Delta, IActorRef Origin, IActorRef Entity);

    private sealed record BatchWritten(List<Pending> Batch, IReadOnlyList<MergeResult> Results, long StartedAt);

    private sealed record BatchFailed(List<Pending> Batch, Exception Error);
}

/// <summary>Write this verdict's evidence; the sender (an entity, or nobody) hears <see cref="EntityWritten"/>, <paramref name="Origin"/> <see cref="VerdictsAccepted"/>.</summary>
internal sealed record WriteEvidence(EvidenceDelta Delta, IActorRef Origin);

/// <summary>To an entity: its writer is done with <paramref name="Verdicts"/> of its verdicts (written, spooled or refused); <paramref name="Record"/> is its address after the merge (null when spooled, refused or all were duplicates).</summary>
internal sealed record EntityWritten(int Verdicts, ReputationRecord? Record);

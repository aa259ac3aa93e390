using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Reputation.Scoring;
using Akka.Actor;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// A node's outgoing verdicts, <c>/user/reputation/outbox</c>. Remoting delivers at most once, so a verdict counts
/// as accepted only when the writer of its entity's node says it is in the store or that node's spool
/// (<see cref="VerdictsAccepted"/>). Until then the outbox keeps it and resends it every <c>resend-after</c>; the
/// store applies each verdict id once, so a resend never counts twice. Verdicts go out batched per shard, every
/// <c>send-interval</c> or when a shard has <c>send-batch</c> waiting, through the node's shard region.
/// Bounded: past <c>max-unacknowledged</c>, and for whatever is left when the node stops (<see cref="DrainOutbox"/>),
/// verdicts are written by this node's own writers instead, which is safe for the same reason.
/// </summary>
internal sealed class VerdictOutbox(IActorRef region, ReputationExtractor extractor, Func<IpKey, IActorRef> writerFor, OutboxOptions options,
    ReputationCounters counters) : UntypedActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly TimeProvider clock = Context.Clock();
    private readonly Dictionary<long, Unacked> unacked = [];
    private readonly Dictionary<int, List<EvidenceDelta>> outgoing = [];
    private int outgoingCount;
    private readonly List<IActorRef> drainWaiters = [];
    private bool draining;

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(ResendTick.Instance, ResendTick.Instance, TimeSpan.FromTicks(Math.Max(options.ResendAfter.Ticks / 4, TimeSpan.TicksPerMillisecond * 100)));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case EvidenceDelta delta:
                Submit(delta);
                break;
            case VerdictsAccepted accepted:
                foreach (var id in accepted.Ids)
                {
                    if (unacked.Remove(id))
                    {
                        counters.VerdictAccepted();
                    }
                }

                AnswerDrainWaiters();
                break;
            case SendTick:
                SendAll();
                break;
            case ResendTick:
                Resend();
                break;
            case DrainOutbox drain:
                Drain(drain);
                break;
            case GetOutboxStats:
                Sender.Tell(new OutboxStats(unacked.Count, outgoingCount));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Submit(EvidenceDelta delta)
    {
        if (draining || unacked.Count >= options.MaxUnacknowledged)
        {
            // Over the bound (the cluster is not taking verdicts fast enough) or stopping: this node's writer takes it.
            counters.VerdictWrittenLocally();
            writerFor(delta.Key).Tell(new WriteEvidence(delta, Self), ActorRefs.Nobody);
            foreach (var id in delta.Ids)
            {
                unacked[id] = new Unacked(delta, -1, clock.GetTimestamp());
            }

            return;
        }

        var shard = extractor.ShardOf(delta.Address);
        foreach (var id in delta.Ids)
        {
            unacked[id] = new Unacked(delta, shard, clock.GetTimestamp());
        }

        Enqueue(shard, delta);
    }

    private void Enqueue(int shard, EvidenceDelta delta)
    {
        if (!outgoing.TryGetValue(shard, out var list))
        {
            outgoing[shard] = list = [];
        }

        list.Add(delta);
        outgoingCount++;
        if (list.Count >= options.SendBatch)
        {
            Send(shard, list);
        }
        else if (!Timers.IsTimerActive(SendTick.Instance))
        {
            Timers.StartSingleTimer(SendTick.Instance, SendTick.Instance, options.SendInterval);
        }
    }

    private void Send(int shard, List<EvidenceDelta> list)
    {
        region.Tell(new VerdictBatch(shard, Self, [.. list]), ActorRefs.NoSender);
        outgoingCount -= list.Count;
        list.Clear();
    }

    private void SendAll()
    {
        foreach (var (shard, list) in outgoing)
        {
            if (list.Count > 0)
            {
                Send(shard, list);
            }
        }
    }

    private void Resend()
    {
        var now = clock.GetTimestamp();
        var due = new List<(long Id, Unacked Item)>();
        foreach (var (id, item) in unacked)
        {
            if (clock.GetElapsedTime(item.SentAt, now) >= options.ResendAfter)
            {
                due.Add((id, item));
            }
        }

        foreach (var (id, item) in due)
        {
            counters.VerdictResent();
            unacked[id] = item with { SentAt = now };
            if (item.Shard < 0 || draining)
            {
                writerFor(item.Delta.Key).Tell(new WriteEvidence(item.Delta, Self), ActorRefs.Nobody);
            }
            else
            {
                Enqueue(item.Shard, item.Delta);
            }
        }

        if (due.Count > 0)
        {
            SendAll();
        }
    }

    private void Drain(DrainOutbox drain)
    {
        if (drain.WriteLocally && !draining)
        {
            // The cluster did not take them in time: this node's writers write what is left (ids make it safe).
            draining = true;
            foreach (var list in outgoing.Values)
            {
                list.Clear();
            }

            outgoingCount = 0;
            var now = clock.GetTimestamp();
            foreach (var (id, item) in unacked.ToList())
            {
                counters.VerdictWrittenLocally();
                unacked[id] = item with { Shard = -1, SentAt = now };
                writerFor(item.Delta.Key).Tell(new WriteEvidence(item.Delta, Self), ActorRefs.Nobody);
            }
        }
        else
        {
            SendAll();
        }

        drainWaiters.Add(Sender);
        AnswerDrainWaiters();
    }

    private void AnswerDrainWaiters()
    {
        if (unacked.Count > 0 || drainWaiters.Count == 0)
        {
            return;
        }

        foreach (var waiter in drainWaiters)
        {
            waiter.Tell(OutboxDrained.Instance);
        }

        drainWaiters.Clear();
    }

    private sealed record Unacked(EvidenceDelta Delta, int Shard, long SentAt);

    private sealed record SendTick
    {
        public static readonly SendTick Instance = new();
    }

    private sealed record ResendTick
    {
        public static readonly ResendTick Instance = new();
    }
}

/// <param name="SendInterval">Longest a verdict waits to be batched.</param>
/// <param name="SendBatch">Verdicts per shard that go at once.</param>
/// <param name="ResendAfter">A verdict not accepted after this is sent again.</param>
/// <param name="MaxUnacknowledged">Beyond this many unaccepted verdicts, new ones are written by this node directly.</param>
internal sealed record OutboxOptions(TimeSpan SendInterval, int SendBatch, TimeSpan ResendAfter, int MaxUnacknowledged);

/// <summary>Answer <see cref="OutboxDrained"/> once every verdict is accepted; with <paramref name="WriteLocally"/>, hand the unaccepted ones to this node's writers first.</summary>
internal sealed record DrainOutbox(bool WriteLocally);

internal sealed record OutboxDrained
{
    public static readonly OutboxDrained Instance = new();
}

internal sealed record GetOutboxStats
{
    public static readonly GetOutboxStats Instance = new();
}

internal sealed record OutboxStats(int Unacknowledged, int Outgoing);

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
/// Flow-controlled: at most <see cref="OutboxOptions.Window"/> verdicts are out unanswered at once; the rest wait here
/// in order, and each answer lets the next ones go. A writer that cannot take a verdict says so
/// (<see cref="VerdictsRefused"/>): it goes back in line and sending pauses for a second, so a store slower than the
/// verdicts slows the senders down instead of being flooded with resends.
/// Bounded: past <c>max-unacknowledged</c>, and for whatever is left when the node stops (<see cref="DrainOutbox"/>),
/// verdicts are written by this node's own writers instead, which is safe for the same reason. Past twice that
/// (the cluster, the store and the spool all refusing), a new verdict is dropped and counted: memory stays bounded,
/// and what is dropped was never accepted by anyone; nothing already accepted is touched.
/// </summary>
internal sealed class VerdictOutbox(IActorRef region, ReputationExtractor extractor, Func<IpKey, IActorRef> writerFor, OutboxOptions options,
    ReputationCounters counters, Microsoft.Extensions.Logging.ILogger logger) : UntypedActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How long sending pauses after a refusal (a busy writer or a full spool clears in about that time).</summary>
    internal static readonly TimeSpan RetryRefused = TimeSpan.FromSeconds(1);

    private readonly TimeProvider clock = Context.Clock();
    private readonly Dictionary<long, Unacked> unacked = [];
    private readonly Queue<long> waiting = new();
    private readonly Dictionary<int, List<EvidenceDelta>> outgoing = [];
    private int outgoingCount;
    private int inFlight;
    private int waitingCount;
    private bool paused;
    private readonly List<IActorRef> drainWaiters = [];
    private bool draining;
    private bool dropping;

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
                Accepted(accepted);
                break;
            case VerdictsRefused refused:
                Refused(refused);
                break;
            case SendTick:
                SendAll();
                break;
            case ResendTick:
                Resend();
                break;
            case ResumeTick:
                paused = false;
                Pump();
                break;
            case DrainOutbox drain:
                Drain(drain);
                break;
            case GetOutboxStats:
                Sender.Tell(new OutboxStats(unacked.Count, outgoingCount + waitingCount));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Unaccepted verdicts beyond which new ones are dropped: twice the point where this node starts writing them itself.</summary>
    private int HardBound => options.MaxUnacknowledged > int.MaxValue / 2 ? int.MaxValue : options.MaxUnacknowledged * 2;

    private void Submit(EvidenceDelta delta)
    {
        if (unacked.Count >= HardBound)
        {
            counters.Dropped(delta.Verdicts);
            if (!dropping)
            {
                dropping = true;
                Log.OutboxFull(logger, HardBound);
            }

            return;
        }

        if (draining || unacked.Count >= options.MaxUnacknowledged)
        {
            // Over the bound (the cluster is not taking verdicts fast enough) or stopping: this node's writer takes it.
            counters.VerdictWrittenLocally();
            writerFor(delta.Key).Tell(new WriteEvidence(delta, Self), ActorRefs.Nobody);
            foreach (var id in delta.Ids)
            {
                unacked[id] = new Unacked(delta, -1, clock.GetTimestamp(), State.Local);
            }

            return;
        }

        var shard = extractor.ShardOf(delta.Address);
        foreach (var id in delta.Ids)
        {
            unacked[id] = new Unacked(delta, shard, 0, State.Waiting);
            waiting.Enqueue(id);
            waitingCount++;
        }

        Pump();
    }

    /// <summary>Sends waiting verdicts, oldest first, while fewer than the window are out unanswered (nothing while paused).</summary>
    private void Pump()
    {
        if (!paused)
        {
            SendFromLine(options.Window);
        }
    }

    /// <summary>Sends waiting verdicts, oldest first, while fewer than <paramref name="window"/> are out unanswered.</summary>
    private void SendFromLine(int window)
    {
        var now = clock.GetTimestamp();
        while (inFlight < window && waiting.TryDequeue(out var id))
        {
            if (!unacked.TryGetValue(id, out var item) || item.State != State.Waiting)
            {
                continue;
            }

            waitingCount--;
            inFlight++;
            unacked[id] = item with { SentAt = now, State = State.Sent };
            Enqueue(item.Shard, item.Delta);
        }
    }

    private void Accepted(VerdictsAccepted accepted)
    {
        foreach (var id in accepted.Ids)
        {
            if (unacked.Remove(id, out var item))
            {
                counters.VerdictAccepted();
                Forget(item);
            }
        }

        if (dropping && unacked.Count < options.MaxUnacknowledged)
        {
            dropping = false;
            Log.OutboxDrainedBelowBound(logger, counters.VerdictsDropped);
        }

        Pump();
        AnswerDrainWaiters();
    }

    /// <summary>An item leaves the window or the line.</summary>
    private void Forget(Unacked item)
    {
        if (item.State == State.Sent)
        {
            inFlight--;
        }
        else if (item.State == State.Waiting)
        {
            waitingCount--;
        }
    }

    /// <summary>Refused verdicts go back in line (sent ones) or are written locally again in a second (local ones); sending pauses a second.</summary>
    private void Refused(VerdictsRefused refused)
    {
        var retry = options.ResendAfter < RetryRefused ? options.ResendAfter : RetryRefused;
        var localDue = clock.GetTimestamp() - (long)((options.ResendAfter - retry).TotalSeconds * clock.TimestampFrequency);
        foreach (var id in refused.Ids)
        {
            if (!unacked.TryGetValue(id, out var item))
            {
                continue;
            }

            if (item.State == State.Sent)
            {
                counters.VerdictResent();
                inFlight--;
                waitingCount++;
                unacked[id] = item with { State = State.Waiting };
                waiting.Enqueue(id);
            }
            else if (item.State == State.Local)
            {
                unacked[id] = item with { SentAt = localDue };
            }
        }

        if (!paused)
        {
            paused = true;
            Timers.StartSingleTimer(ResumeTick.Instance, ResumeTick.Instance, retry);
        }

        // Local ones are picked up by the resend that follows the pause.
        Timers.StartSingleTimer(RetryTick.Instance, ResendTick.Instance, retry);
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

    /// <summary>Sent (or locally written) verdicts unanswered for resend-after go again; waiting ones wait their turn.</summary>
    private void Resend()
    {
        var now = clock.GetTimestamp();
        var due = new List<(long Id, Unacked Item)>();
        foreach (var (id, item) in unacked)
        {
            if (item.State != State.Waiting && clock.GetElapsedTime(item.SentAt, now) >= options.ResendAfter)
            {
                due.Add((id, item));
            }
        }

        foreach (var (id, item) in due)
        {
            counters.VerdictResent();
            unacked[id] = item with { SentAt = now };
            if (item.State == State.Local)
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
            inFlight = 0;
            waitingCount = 0;
            waiting.Clear();
            var now = clock.GetTimestamp();
            foreach (var (id, item) in unacked.ToList())
            {
                counters.VerdictWrittenLocally();
                unacked[id] = item with { Shard = -1, SentAt = now, State = State.Local };
                writerFor(item.Delta.Key).Tell(new WriteEvidence(item.Delta, Self), ActorRefs.Nobody);
            }
        }
        else
        {
            // Stopping: what waits in line goes now; the window no longer matters.
            paused = false;
            SendFromLine(int.MaxValue);
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

    private enum State
    {
        /// <summary>In line for the window.</summary>
        Waiting,

        /// <summary>Sent through the region, unanswered.</summary>
        Sent,

        /// <summary>Handed to this node's own writer.</summary>
        Local,
    }

    private sealed record Unacked(EvidenceDelta Delta, int Shard, long SentAt, State State);

    private sealed record SendTick
    {
        public static readonly SendTick Instance = new();
    }

    private sealed record ResendTick
    {
        public static readonly ResendTick Instance = new();
    }

    /// <summary>Key of the one-off resend after a refusal.</summary>
    private sealed record RetryTick
    {
        public static readonly RetryTick Instance = new();
    }

    /// <summary>Sending resumes after a refusal's pause.</summary>
    private sealed record ResumeTick
    {
        public static readonly ResumeTick Instance = new();
    }
}

/// <param name="SendInterval">Longest a verdict waits to be batched.</param>
/// <param name="SendBatch">Verdicts per shard that go at once.</param>
/// <param name="ResendAfter">A verdict not accepted after this is sent again.</param>
/// <param name="MaxUnacknowledged">Beyond this many unaccepted verdicts, new ones are written by this node directly.</param>
/// <param name="Window">Most verdicts out unanswered at once; the rest wait in line.</param>
internal sealed record OutboxOptions(TimeSpan SendInterval, int SendBatch, TimeSpan ResendAfter, int MaxUnacknowledged, int Window);

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

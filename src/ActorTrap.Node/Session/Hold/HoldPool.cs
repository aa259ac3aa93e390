using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Session.Hold;

/// <summary>
/// Holds many listed clients at once with no actor per client (<c>/user/hold-N</c>, a few per node). A session that
/// decides to hold hands its connection over with <see cref="HoldClient"/> and stops; the pool keeps the client in a
/// slot of a plain array, trickles the reply it waits for, ends the hold with 421 at its time and emits the session's
/// one verdict, whatever ends it (hold over, client gone, QUIT, shutdown). One timer per pool: tick times are rounded
/// up to a quantum (a tenth of the trickle interval, at most 1 s), so one firing serves every client due in that bucket.
/// The admin API reads the slots through <see cref="ISessionSource"/> under the pool's lock (the only state shared
/// with another thread); every other member runs in the actor's handlers.
/// </summary>
internal sealed partial class HoldPool : UntypedActor, IWithTimers, ISessionSource
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private SessionContext ctx;
    private readonly Lock gate = new();

    // Slot index by due time (UTC ticks, quantised); an array of structs inside, nothing allocated per client.
    private readonly PriorityQueue<int, long> due = new();
    private readonly Stack<int> free = new();
    private readonly long interval;
    private readonly long quantum;
    private readonly long holdTicks;
    private readonly long replyTicks;
    private HeldSlot[] slots = new HeldSlot[64];
    private int used;
    private int count;
    private long armedFor;
    private string path = "";

    public HoldPool(SessionContext ctx)
    {
        this.ctx = ctx;
        var options = ctx.Options;
        interval = Math.Max(options.TrickleInterval.Ticks, TimeSpan.TicksPerMillisecond);
        quantum = Math.Clamp(interval / 10, 10 * TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond);
        holdTicks = options.Hold.Ticks;
        replyTicks = options.HoldReplyTime.Ticks;
    }

    public static Props Props(SessionContext ctx) => ActorProps.Of(() => new HoldPool(ctx));

    /// <summary>Clients held now.</summary>
    public int Count => Volatile.Read(ref count);

    private long Now => clock.GetUtcNow().UtcTicks;

    private readonly TimeProvider clock = Context.Clock();

    private SmtpOptions Options => ctx.Options;

    protected override void PreStart()
    {
        path = Self.Path.ToStringWithoutAddress();
        ctx.Registry.AddSource(this);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case HoldClient hold:
                Adopt(hold);
                break;
            case Wake:
                OnWake();
                break;
            case ReleaseHeld:
                Sender.Tell(new HoldReleased(ReleaseAll()));
                break;
            case UseSmtpPolicy policy:
                // The hold's times stay (held clients keep theirs); the sin weights reach the verdicts completed from now on.
                ctx = ctx with { Options = policy.ApplyTo(ctx.Options) };
                break;
            default:
                Unhandled(message);
                break;
        }

        Arm();
    }

    /// <summary>Stopped by shutdown or a crash: every client still held gets 421 and its verdict.</summary>
    protected override void PostStop()
    {
        ReleaseAll();
        ctx.Registry.RemoveSource(this);
    }

    private void Adopt(HoldClient hold)
    {
        // Nobody reads a held client: what it sends may fill no more than the peek looks at.
        hold.Connection.LimitReceiveBuffer(PeekBytes);
        lock (gate)
        {
            var i = free.Count > 0 ? free.Pop() : NewSlot();
            var since = hold.HeldSince.UtcTicks;
            slots[i] = new HeldSlot
            {
                Connection = hold.Connection,
                Client = hold.Client,
                Dnsbl = hold.Dnsbl,
                Sins = hold.Sins,
                Id = hold.Id,
                Started = hold.Started.UtcTicks,
                HeldSince = since,
                HoldEnd = since + holdTicks,
                ReplyEnd = since + replyTicks,
                BytesIn = hold.BytesIn,
                BytesOut = hold.BytesOut,
                Flags = HeldFlags.Greeting | (hold.CountedClient ? HeldFlags.CountedClient : HeldFlags.None),
            };
            count++;
            ctx.Metrics.HoldStarted(since);
            due.Enqueue(i, NextDue(since + interval, since + holdTicks));
        }

        ctx.Registry.Remove(hold.Id); // listed by the pool from now on
    }

    private int NewSlot()
    {
        if (used == slots.Length)
        {
            Array.Resize(ref slots, slots.Length * 2);
        }

        return used++;
    }

    private void OnWake()
    {
        armedFor = 0;
        var now = Now;
        lock (gate)
        {
            while (due.TryPeek(out var i, out var at) && at <= now)
            {
                due.Dequeue();
                Tick(i, at, now);
            }
        }
    }

    /// <summary>Arms the pool's one timer for its earliest bucket, unless it is armed for exactly that.</summary>
    private void Arm()
    {
        var next = due.TryPeek(out _, out var at) ? at : 0;
        if (next == armedFor)
        {
            return;
        }

        armedFor = next;
        if (next == 0)
        {
            Timers.Cancel(Wake.Instance);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Max(0, next - Now));
        Timers.StartSingleTimer(Wake.Instance, Wake.Instance, delay);
    }

    /// <summary>
    /// The next tick, rounded up to the pool's quantum so that clients due close together share one firing; the end of
    /// the hold is exact (a 1 s hold must not last 2 s; ends are rare next to ticks).
    /// </summary>
    private long NextDue(long tick, long holdEnd)
    {
        var bucket = (tick + quantum - 1) / quantum * quantum;
        return bucket < holdEnd ? bucket : holdEnd;
    }

    public void AddTo(List<SessionInfo> into)
    {
        lock (gate)
        {
            for (var i = 0; i < used; i++)
            {
                if (slots[i].Connection is not null)
                {
                    into.Add(Info(in slots[i]));
                }
            }
        }
    }

    private SessionInfo Info(in HeldSlot s) => new(
        s.Id,
        path + "#" + s.Id,
        s.Client,
        "holding",
        new DateTimeOffset(s.Started, TimeSpan.Zero),
        new DateTimeOffset(s.HeldSince, TimeSpan.Zero),
        s.Trickled,
        s.BytesIn,
        [.. FinalSins(in s).Select(x => x.Kind.WireName())],
        null);

    private sealed class Wake
    {
        public static readonly Wake Instance = new();
    }
}

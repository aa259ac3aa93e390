using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Mx;

/// <summary>
/// <c>/user/mx</c>: probes the primary MX of every backup domain (and of domains whose MX records name us as a
/// less preferred host) every probe interval, keeps each domain's rounds, and owns the <see cref="HighestMxGate"/>
/// that holds highest-mx verdicts until the next round. Probes run on the interval only, never because a session
/// asked, so a client cannot make the node connect out at will.
/// </summary>
internal sealed partial class MxWatchActor : UntypedActor, IWithTimers
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The system's clock (<see cref="ActorClock"/>), read once: every time this actor keeps is on it.</summary>
    private readonly TimeProvider clock = Context.Clock();

    /// <summary>Domains learnt from MX lookups (check-dns) probed at once; the least recently used is dropped beyond it.</summary>
    public const int MaxFoundDomains = 1_000;

    private readonly MxTrapOptions options;
    private readonly IActorRef resolver;
    private readonly ILogger logger;
    private readonly IActorRef? observer;
    private readonly HighestMxGate gate;
    private readonly Dictionary<string, long> found = new(StringComparer.Ordinal);
    private long uses;

    /// <param name="observer">Told every completed <see cref="ProbeResult"/> (specs wait on it; null in a node).</param>
    public MxWatchActor(MxTrapOptions options, double weight, IActorRef resolver, IVerdictSink next, ILogger logger, IActorRef? observer = null)
    {
        this.options = options;
        this.resolver = resolver;
        this.logger = logger;
        this.observer = observer;
        gate = new HighestMxGate(next, weight);
    }

    public static Props Props(MxTrapOptions options, double weight, IActorRef resolver, IVerdictSink next, ILogger logger, IActorRef? observer = null) =>
        ActorProps.Of(() => new MxWatchActor(options, weight, resolver, next, logger, observer));

    protected override void PreStart() =>
        // The first round at once, so that "before" is known for the first sessions, then one per interval.
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, TimeSpan.Zero, options.ProbeInterval);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case HoldVerdict hold:
                OnHold(hold.Verdict);
                break;
            case Tick:
                StartRounds();
                break;
            case MxReport report:
                OnMxReport(report);
                break;
            case ProbeFinished done:
                OnProbeFinished(done.Id, done.State, done.Detail);
                break;
            case ProbeTimedOut timedOut:
                OnProbeFinished(timedOut.Id, ProbeState.NotAnswering, null);
                break;
            case GetMxStatus:
                Sender.Tell(Status());
                break;
            case FlushAndStop:
                Sender.Tell(new Flushed(FlushHeld()));
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Stopped without <see cref="FlushAndStop"/> (the system terminating): still nothing held is lost.</summary>
    protected override void PostStop()
    {
        FlushHeld();
        CancelProbes();
    }

    private void OnHold(Verdict verdict)
    {
        if (HighestMxVerdicts.TryCandidate(verdict, out var domain) && !options.BackupDomains.Contains(domain, StringComparer.Ordinal))
        {
            Track(domain);
        }

        var overflowed = gate.Counts.Overflowed;
        gate.Submit(verdict);
        if (gate.Counts.Overflowed > overflowed && (gate.Counts.Overflowed == 1 || gate.Counts.Overflowed % 1000 == 0))
        {
            Log.MxGateFull(logger, gate.Held, gate.Counts.Overflowed);
        }
    }

    /// <summary>A domain found by MX lookup is probed from the next round on; the least recently seen goes beyond the cap.</summary>
    private void Track(string domain)
    {
        found[domain] = ++uses;
        if (found.Count <= MaxFoundDomains)
        {
            return;
        }

        var oldest = found.MinBy(kv => kv.Value).Key;
        found.Remove(oldest);
        rounds.Remove(oldest);
        gate.Forget(oldest);
    }

    private int FlushHeld()
    {
        var flushed = gate.Flush();
        if (flushed > 0)
        {
            Log.MxGateFlushed(logger, flushed);
        }

        return flushed;
    }

    private MxStatus Status() => new(
        [.. Domains()],
        [.. gate.History.Values.Where(h => h.Count > 0).Select(h => h[^1])],
        gate.Held,
        gate.Counts);

    private IEnumerable<string> Domains() => options.BackupDomains.Concat(found.Keys);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}

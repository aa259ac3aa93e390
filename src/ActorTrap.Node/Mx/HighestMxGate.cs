using ActorTrap.Node.Session;

namespace ActorTrap.Node.Mx;

/// <summary>
/// Holds verdicts that carry a highest-mx candidate until the first probe of their domain that started after the
/// session ended, then forwards them with the sin confirmed (the primary answered before and after the session)
/// or removed. A real MTA uses the backup MX exactly when the primary does not answer; nothing known is no sin.
/// Owned by one actor (<see cref="MxWatchActor"/>): not thread-safe.
/// </summary>
/// <param name="next">Where verdicts go on (the reputation stage, the feed, the recent list).</param>
/// <param name="weight">The configured highest-mx weight a confirmed candidate gets.</param>
/// <param name="maxHeld">Verdicts held at once; beyond it a candidate is forwarded at once without the sin.</param>
internal sealed class HighestMxGate(IVerdictSink next, double weight, int maxHeld = HighestMxGate.DefaultMaxHeld)
{
    /// <summary>At one probe a minute a verdict waits about a minute: 10,000 is a busy node's minute of candidates.</summary>
    public const int DefaultMaxHeld = 10_000;

    /// <summary>Probe results kept per domain: at the default interval a bit over an hour, longer than any session (10m cap).</summary>
    public const int HistoryPerDomain = 64;

    private readonly Dictionary<string, List<ProbeResult>> history = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Verdict>> held = new(StringComparer.Ordinal);

    public int Held { get; private set; }

    public GateCounts Counts { get; private set; } = new(0, 0, 0, 0);

    /// <summary>Probe results per domain, oldest first (the admin view and specs read them).</summary>
    public IReadOnlyDictionary<string, List<ProbeResult>> History => history;

    public void Submit(Verdict verdict)
    {
        if (!HighestMxVerdicts.TryCandidate(verdict, out var domain))
        {
            next.Submit(verdict);
            return;
        }

        // Not answering before the session (or not known): a real MTA had reason to come to us; no need to wait.
        if (Before(domain, verdict.Start) is not { State: ProbeState.Answering })
        {
            Forward(verdict, confirm: false);
            return;
        }

        if (After(domain, verdict.End) is { } after)
        {
            Forward(verdict, after.State == ProbeState.Answering);
            return;
        }

        if (Held >= maxHeld)
        {
            Counts = Counts with { Overflowed = Counts.Overflowed + 1 };
            Forward(verdict, confirm: false);
            return;
        }

        if (!held.TryGetValue(domain, out var waiting))
        {
            held[domain] = waiting = [];
        }

        waiting.Add(verdict);
        Held++;
    }

    /// <summary>Records a probe round and releases the verdicts of sessions that ended before it started.</summary>
    public void OnProbe(ProbeResult result)
    {
        if (!history.TryGetValue(result.Domain, out var results))
        {
            history[result.Domain] = results = [];
        }

        results.Add(result);
        if (results.Count > HistoryPerDomain)
        {
            results.RemoveAt(0);
        }

        if (!held.TryGetValue(result.Domain, out var waiting))
        {
            return;
        }

        var answering = result.State == ProbeState.Answering;
        var released = waiting.RemoveAll(v =>
        {
            if (v.End > result.At)
            {
                return false;
            }

            Forward(v, answering);
            return true;
        });
        Held -= released;
        if (waiting.Count == 0)
        {
            held.Remove(result.Domain);
        }
    }

    /// <summary>The domain is no longer probed: what waits for it is forwarded without the sin, its history dropped.</summary>
    public void Forget(string domain)
    {
        history.Remove(domain);
        if (held.Remove(domain, out var waiting))
        {
            Held -= waiting.Count;
            waiting.ForEach(v => Forward(v, confirm: false));
        }
    }

    /// <summary>Shutdown: every held verdict goes on without the unconfirmed sin; returns how many.</summary>
    public int Flush()
    {
        var flushed = Held;
        foreach (var waiting in held.Values)
        {
            waiting.ForEach(v => Forward(v, confirm: false));
        }

        held.Clear();
        Held = 0;
        Counts = Counts with { Flushed = Counts.Flushed + flushed };
        return flushed;
    }

    private ProbeResult? Before(string domain, DateTimeOffset start) =>
        history.TryGetValue(domain, out var results) ? results.LastOrDefault(r => r.At <= start) : null;

    private ProbeResult? After(string domain, DateTimeOffset end) =>
        history.TryGetValue(domain, out var results) ? results.FirstOrDefault(r => r.At >= end) : null;

    private void Forward(Verdict verdict, bool confirm)
    {
        Counts = confirm ? Counts with { Confirmed = Counts.Confirmed + 1 } : Counts with { Removed = Counts.Removed + 1 };
        next.Submit(confirm ? HighestMxVerdicts.Confirmed(verdict, weight) : HighestMxVerdicts.Without(verdict));
    }
}

using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Mx;

/// <summary>
/// Probe rounds: per domain at most one round in flight (a round still running when the next tick comes is not
/// doubled), its targets from the configured primaries or the domain's most preferred MX hosts, each target one
/// TCP connect run as async work and piped back, at most <see cref="MaxConcurrentProbes"/> at once, each bounded
/// by the probe timeout on the actor's clock.
/// </summary>
internal sealed partial class MxWatchActor
{
    /// <summary>Connects out at once: enough for a few domains per tick, small against the node's descriptors.</summary>
    public const int MaxConcurrentProbes = 8;

    /// <summary>Most preferred hosts probed per domain (a domain with more equally preferred hosts answers on any of them).</summary>
    public const int MaxHostsPerDomain = 4;

    private const int SmtpPort = 25;

    private readonly Dictionary<string, Round> rounds = new(StringComparer.Ordinal);
    private readonly Queue<Job> queued = new();
    private readonly Dictionary<long, Job> running = [];
    private long ids;

    private void StartRounds()
    {
        var now = clock.GetUtcNow();
        foreach (var domain in Domains())
        {
            // A round still running is not doubled; one that never ended (a lost answer) is replaced after two intervals.
            if (rounds.TryGetValue(domain, out var inFlight) && now - inFlight.At < 2 * options.ProbeInterval)
            {
                continue;
            }

            var round = new Round(domain, now);
            rounds[domain] = round;
            if (options.Primaries.Count > 0 && options.BackupDomains.Contains(domain, StringComparer.Ordinal))
            {
                Enqueue(round, options.Primaries.Select(p => (p.Host, p.Port)));
            }
            else
            {
                resolver.Tell(new CheckMx(domain), Self);
            }
        }

        Pump();
    }

    private void OnMxReport(MxReport report)
    {
        if (!rounds.TryGetValue(report.Domain, out var round) || round.Pending > 0)
        {
            return;
        }

        if (report.Error is not null || report.Hosts.Count == 0)
        {
            // Nothing known about the primary: no sin for this domain's sessions (unknown is not answering).
            Complete(round, ProbeState.Unknown, report.Error ?? "no MX records");
            return;
        }

        var best = report.Hosts.Min(h => h.Preference);
        Enqueue(round, report.Hosts.Where(h => h.Preference == best).Take(MaxHostsPerDomain).Select(h => (h.Host.TrimEnd('.'), SmtpPort)));
        Pump();
    }

    private void Enqueue(Round round, IEnumerable<(string Host, int Port)> targets)
    {
        foreach (var (host, port) in targets)
        {
            round.Pending++;
            queued.Enqueue(new Job(++ids, round, host, port));
        }
    }

    private void Pump()
    {
        while (running.Count < MaxConcurrentProbes && queued.TryDequeue(out var job))
        {
            if (!rounds.TryGetValue(job.Round.Domain, out var current) || current != job.Round)
            {
                continue; // the domain was dropped while its probe waited
            }

            running[job.Id] = job;
            Timers.StartSingleTimer(job.Id, new ProbeTimedOut(job.Id), options.ProbeTimeout);
            var id = job.Id;
            SmtpBannerProbe.RunAsync(job.Host, job.Port, job.Cancel.Token)
                .PipeTo(Self, success: r => new ProbeFinished(id, r.State, r.Detail), failure: e => new ProbeFinished(id, ProbeState.NotAnswering, e.Message));
        }
    }

    /// <summary>A probe answered, failed, or timed out (<paramref name="detail"/> null); whichever comes second is ignored.</summary>
    private void OnProbeFinished(long id, ProbeState state, string? detail)
    {
        if (!running.Remove(id, out var job))
        {
            return;
        }

        Timers.Cancel(id);
        job.Cancel.Cancel();
        job.Cancel.Dispose();
        detail ??= $"{job.Host}:{job.Port} sent no greeting within {options.ProbeTimeout.TotalSeconds}s";
        var round = job.Round;
        round.Pending--;
        if (state == ProbeState.Answering || round.Detail is null)
        {
            round.Detail = detail; // the answering host, else the first failure, says the most
        }

        round.Answered |= state == ProbeState.Answering;
        if (round.Pending == 0 && rounds.TryGetValue(round.Domain, out var current) && current == round)
        {
            Complete(round, round.Answered ? ProbeState.Answering : ProbeState.NotAnswering, round.Detail);
        }

        Pump();
    }

    private void Complete(Round round, ProbeState state, string detail)
    {
        rounds.Remove(round.Domain);
        var result = new ProbeResult(round.Domain, round.At, state, detail);
        var previous = gate.History.TryGetValue(round.Domain, out var history) && history.Count > 0 ? history[^1].State : (ProbeState?)null;
        gate.OnProbe(result);
        if (previous != state)
        {
            Log.MxPrimaryState(logger, round.Domain, state.ToString(), detail);
        }

        observer?.Tell(result, Self);
    }

    private void CancelProbes()
    {
        foreach (var job in running.Values)
        {
            job.Cancel.Cancel();
            job.Cancel.Dispose();
        }

        running.Clear();
        queued.Clear();
    }

    /// <summary>A round of one domain: started at <see cref="At"/>, answering when any target answered.</summary>
    private sealed class Round(string domain, DateTimeOffset at)
    {
        public string Domain { get; } = domain;

        public DateTimeOffset At { get; } = at;

        public int Pending { get; set; }

        public bool Answered { get; set; }

        public string? Detail { get; set; }
    }

    private sealed class Job(long id, Round round, string host, int port)
    {
        public long Id { get; } = id;

        public Round Round { get; } = round;

        public string Host { get; } = host;

        public int Port { get; } = port;

        public CancellationTokenSource Cancel { get; } = new();
    }

    private sealed record ProbeFinished(long Id, ProbeState State, string Detail);

    private sealed record ProbeTimedOut(long Id);
}

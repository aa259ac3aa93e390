using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Dns;
using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Resolver.Transport;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Resolver;

/// <summary>
/// The node's one DNS resolver: DNSBL checks for every configured zone in parallel, reverse DNS with forward
/// confirmation, MX lookups. Answers are cached (TTL clamped), and concurrent questions for the same name share
/// one query, so 10,000 sessions from one spambot cost one query per zone. Work is piped back as messages;
/// nothing here awaits, so a dead DNS server can delay an answer but never block the actor.
/// </summary>
internal sealed partial class ResolverActor : UntypedActor, IWithTimers
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The system's clock (<see cref="ActorClock"/>), read once: every time this actor keeps is on it.</summary>
    private readonly TimeProvider clock = Context.Clock();

    private readonly Func<DnsQuestion, CancellationToken, Task<DnsLookupOutcome>> transport;
    private ResolverOptions options;
    private readonly ILogger logger;
    private readonly TtlCache<QuestionKey, DnsLookupOutcome> cache;

    // Whole reports per client, valid until the first of their zone answers expires: a spambot reconnecting costs
    // one dictionary lookup instead of a job, a query name per zone and a classification. Cleared when a zone's
    // self-test state changes.
    private readonly TtlCache<IPAddress, DnsblReport> reports;
    private readonly Dictionary<QuestionKey, List<Action<DnsLookupOutcome>>> inflight = [];
    private readonly Dictionary<long, Job> jobs = [];
    private readonly Dictionary<string, ZoneState> zones;
    private readonly ResolverCounters counters;
    private readonly DnsblHealth? health;
    private long nextJob;

    /// <param name="counters">Where per-zone check counts go (the node's, read by /metrics and the admin API); a private set when null.</param>
    /// <param name="health">Where each change of the zones' self-test state goes for /readyz and /healthz; none when null.</param>
    public ResolverActor(Func<DnsQuestion, CancellationToken, Task<DnsLookupOutcome>> transport, ResolverOptions options, ILogger logger,
        ResolverCounters? counters = null, DnsblHealth? health = null)
    {
        this.health = health;
        this.transport = transport;
        this.options = options;
        this.logger = logger;
        this.counters = counters ?? new ResolverCounters(options.Dnsbl);
        cache = new TtlCache<QuestionKey, DnsLookupOutcome>(options.CacheMaxEntries, options.CacheMinTtl, options.CacheMaxTtl, clock);
        reports = new TtlCache<IPAddress, DnsblReport>(options.CacheMaxEntries, TimeSpan.Zero, options.CacheMaxTtl, clock);
        zones = options.Dnsbl.Zones.Where(z => z.Enabled).ToDictionary(
            z => z.Zone,
            z => new ZoneState(z, AnswerFilter.TryParse(z.Codes, out var f, out _) ? f : throw new ArgumentException($"invalid codes for {z.Zone}")),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Queries sent to the transport (cache misses that were not already in flight).</summary>
    public long QueriesSent { get; private set; }

    protected override void PreStart()
    {
        health?.Publish(ZoneHealths());
        if (options.SelfTestInterval > TimeSpan.Zero && zones.Count > 0)
        {
            Self.Tell(SelfTestTick.Instance);
            Timers.StartPeriodicTimer(SelfTestTick.Instance, SelfTestTick.Instance, options.SelfTestInterval);
        }
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case CheckClient c when reports.TryGet(c.Client, out var report):
                counters.Answered(report, wholeFromCache: true);
                Sender.Tell(report);
                break;
            case CheckClient c:
                StartDnsbl(c.Client, Sender);
                break;
            case CheckReverseDns r:
                StartReverse(r.Client, Sender);
                break;
            case CheckMx m:
                StartMx(m.Domain, Sender);
                break;
            case Answered a:
                a.Budget.Dispose();
                Complete(a.Key, a.Outcome);
                break;
            case JobDeadline d when jobs.Remove(d.Id, out var job):
                job.Expire();
                break;
            case JobDeadline:
                break; // the job finished before its deadline
            case SelfTestTick:
                RunSelfTests();
                break;
            case SelfTestRetry r when zones.TryGetValue(r.Zone, out var zone):
                RunSelfTest(zone);
                break;
            case UseDnsbl use:
                Reload(use.Dnsbl);
                Sender.Tell(DnsblInUse.Instance);
                break;
            case GetZoneHealth:
                Sender.Tell(options.Dnsbl.Zones.Select(Health).ToList());
                break;
            case GetResolverStats:
                Sender.Tell(new ResolverStats(QueriesSent, cache.Hits, cache.Misses, cache.Count, inflight.Count, jobs.Count, reports.Hits));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Runs <paramref name="then"/> with the answer: at once from the cache, or when the shared in-flight query completes.</summary>
    /// <returns>True when the answer came from the cache.</returns>
    private bool Query(DnsQuestion question, Action<DnsLookupOutcome> then)
    {
        var key = Key(question);
        if (cache.TryGet(key, out var cached))
        {
            then(cached);
            return true;
        }

        if (inflight.TryGetValue(key, out var waiters))
        {
            waiters.Add(then);
            return false;
        }

        inflight[key] = [then];
        QueriesSent++;
        // DnsClient's timeouts run in real time; the lookup budget on the actor's clock bounds the question as a whole,
        // so a question never outlives the jobs waiting for it and its slot is freed when they give up.
        var budget = new CancellationTokenSource(options.LookupBudget, clock);
        transport(question, budget.Token).PipeTo(Self,
            success: outcome => new Answered(key, outcome, budget),
            failure: e => new Answered(key, DnsLookupOutcome.Failed(e.GetBaseException().Message), budget));
        return false;
    }

    private void Complete(QuestionKey key, DnsLookupOutcome outcome)
    {
        if (CacheTtl(outcome) is { } ttl)
        {
            cache.Set(key, outcome, ttl);
        }

        if (inflight.Remove(key, out var waiters))
        {
            foreach (var then in waiters)
            {
                then(outcome);
            }
        }
    }

    // Positive answers live for their smallest TTL; NXDOMAIN and empty answers for the SOA minimum (RFC 2308 5);
    // failures are not cached so the next session asks again.
    private static TimeSpan? CacheTtl(DnsLookupOutcome outcome)
    {
        if (outcome.Response is not { } r || r.Rcode is not (DnsRcode.NoError or DnsRcode.NxDomain))
        {
            return null;
        }

        if (r.Rcode == DnsRcode.NoError && r.Answers.Count > 0)
        {
            return TimeSpan.FromSeconds(r.Answers.Min(a => a.Ttl));
        }

        var soa = r.Authorities.FirstOrDefault(a => a.Data is SoaRecord);
        return soa is { Data: SoaRecord s } ? TimeSpan.FromSeconds(Math.Min(soa.Ttl, s.Minimum)) : TimeSpan.Zero;
    }

    private static QuestionKey Key(DnsQuestion question) => new(question.Name.ToLowerInvariant(), question.Type);

    private long StartJob(Job job)
    {
        var id = NewJobId();
        Track(id, job);
        return id;
    }

    private long NewJobId() => ++nextJob;

    /// <summary>Registers a job still waiting for answers and arms its lookup-budget deadline.</summary>
    private void Track(long id, Job job)
    {
        jobs[id] = job;
        Timers.StartSingleTimer(new JobDeadline(id), new JobDeadline(id), options.LookupBudget);
    }

    private void FinishJob(long id)
    {
        if (jobs.Remove(id))
        {
            Timers.Cancel(new JobDeadline(id));
        }
    }

    private sealed record QuestionKey(string Name, DnsType Type);

    private sealed record Answered(QuestionKey Key, DnsLookupOutcome Outcome, CancellationTokenSource Budget);

    private sealed record JobDeadline(long Id);

    /// <summary>Runs one failing zone's self-test again; also the key of its back-off timer.</summary>
    private sealed record SelfTestRetry(string Zone);

    private sealed class SelfTestTick
    {
        public static readonly SelfTestTick Instance = new();
    }

    /// <summary>An in-progress request: it replies once, on completion or at its deadline.</summary>
    private abstract class Job
    {
        public abstract void Expire();
    }
}

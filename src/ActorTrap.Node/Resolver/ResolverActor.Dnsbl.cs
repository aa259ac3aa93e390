using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Dns;
using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Resolver.Transport;

namespace ActorTrap.Node.Resolver;

internal sealed partial class ResolverActor
{
    private void StartDnsbl(IPAddress client, IActorRef replyTo)
    {
        var states = zones.Values.ToList();
        var job = new DnsblJob(this, client, states, replyTo);
        job.Id = NewJobId();
        for (var i = 0; i < states.Count; i++)
        {
            var index = i;
            var zone = states[i];
            if (!zone.Enabled)
            {
                job.Set(index, new ZoneResult(zone.Options.Zone, ZoneStatus.Disabled, zone.Options.Weight, [], null, zone.LastFailure));
                continue;
            }

            var name = DnsblQueryName.For(client, zone.Options.Zone);
            var cached = Query(new DnsQuestion(name, DnsType.A), outcome =>
            {
                var result = Classify(zone, outcome);
                if (result.Status == ZoneStatus.Listed && zone.Options.Txt)
                {
                    Query(new DnsQuestion(name, DnsType.TXT), txt => job.Set(index, result with { Reason = TxtOf(txt) }));
                }
                else
                {
                    job.Set(index, result);
                }
            });
            if (cached)
            {
                counters.For(zone.Options.Zone)?.CacheHit();
            }
        }

        job.CompleteIfDone();
        if (!job.Done)
        {
            // Only a job that waits for the network needs a deadline; cache hits complete above without a timer.
            Track(job.Id, job);
        }
    }

    /// <summary>
    /// Keeps a complete report until the first of the answers it rests on expires; reports with errors are not kept.
    /// A kept report replaces the answers that expire with it (only the report is asked until then); with a distinct
    /// address per held spambot the parsed answers were about a sixth of a held session's managed memory.
    /// </summary>
    private void RememberReport(DnsblReport report)
    {
        DateTimeOffset? until = DateTimeOffset.MaxValue;
        List<QuestionKey> used = [];
        foreach (var zone in report.Zones)
        {
            if (zone.Status == ZoneStatus.Disabled)
            {
                continue; // stays so until a self-test changes it, which clears every report
            }

            if (zone.Status == ZoneStatus.Error)
            {
                return;
            }

            var name = DnsblQueryName.For(report.Client, zone.Zone);
            Use(Key(new DnsQuestion(name, DnsType.A)));
            if (zone.Reason is not null)
            {
                Use(Key(new DnsQuestion(name, DnsType.TXT)));
            }
        }

        if (until is { } expires && expires != DateTimeOffset.MaxValue)
        {
            reports.Set(report.Client, report, expires - clock.GetUtcNow());
            foreach (var key in used)
            {
                if (cache.ExpiryOf(key) == expires)
                {
                    cache.Remove(key); // an answer that outlives the report stays, for the report built after it
                }
            }
        }

        void Use(QuestionKey key)
        {
            used.Add(key);
            until = Min(until, cache.ExpiryOf(key));
        }
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null || b is null ? null : a < b ? a : b;

    /// <summary>Turns one zone's A answer into listed / not listed / error.</summary>
    internal static ZoneResult Classify(ZoneState zone, DnsLookupOutcome outcome)
    {
        var o = zone.Options;
        ZoneResult Error(string reason) => new(o.Zone, ZoneStatus.Error, o.Weight, [], null, reason);
        if (outcome.Response is not { } response)
        {
            return Error(outcome.Failure ?? "no response");
        }

        switch (response.Rcode)
        {
            case DnsRcode.NxDomain:
                return new ZoneResult(o.Zone, ZoneStatus.NotListed, o.Weight, [], null, null);
            case not DnsRcode.NoError:
                return Error($"the server answered {response.Rcode}");
        }

        var addresses = response.Answers.Select(a => a.Data).OfType<ARecord>().Select(a => a.Address).ToList();
        foreach (var address in addresses)
        {
            if (DnsblAnswerCheck.ErrorFor(address) is { } reason)
            {
                return Error(reason);
            }
        }

        var codes = addresses.Where(zone.Filter.Matches).ToList();
        return new ZoneResult(o.Zone, codes.Count > 0 ? ZoneStatus.Listed : ZoneStatus.NotListed, o.Weight, codes, null, null);
    }

    private static string? TxtOf(DnsLookupOutcome outcome) =>
        outcome.Response?.Answers.Select(a => a.Data).OfType<TxtRecord>().Select(t => string.Concat(t.Strings)).FirstOrDefault();

    private sealed class DnsblJob(ResolverActor owner, IPAddress client, List<ZoneState> zones, IActorRef replyTo) : Job
    {
        private readonly ZoneResult?[] results = new ZoneResult?[zones.Count];
        private bool done;

        public long Id { get; set; }

        public bool Done => done;

        public void Set(int index, ZoneResult result)
        {
            results[index] ??= result;
            CompleteIfDone();
        }

        public void CompleteIfDone()
        {
            if (!done && Id != 0 && results.All(r => r is not null))
            {
                Reply();
                owner.FinishJob(Id);
            }
        }

        public override void Expire()
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] ??= new ZoneResult(zones[i].Options.Zone, ZoneStatus.Error, zones[i].Options.Weight, [], null,
                    $"no answer within the lookup budget ({owner.options.LookupBudget.TotalMilliseconds} ms)");
            }

            Reply();
        }

        private void Reply()
        {
            done = true;
            var final = results.Select(r => r!).ToList();
            var score = final.Where(r => r.Status == ZoneStatus.Listed).Sum(r => r.Weight);
            var report = new DnsblReport(client, final, score, final.Any(r => r.Status == ZoneStatus.Listed) && score >= owner.options.Dnsbl.Threshold);
            owner.RememberReport(report);
            owner.counters.Answered(report, wholeFromCache: false);
            replyTo.Tell(report);
        }
    }
}

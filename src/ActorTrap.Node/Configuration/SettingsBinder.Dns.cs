using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary>The <c>actortrap.dns</c> and <c>actortrap.dnsbl</c> sections.</summary>
internal static partial class SettingsBinder
{
    private static DnsOptions BindDns(SettingsReader r)
    {
        var servers = new List<IPEndPoint>();
        var texts = r.StringList("actortrap.dns.servers");
        r.Require(texts.Count > 0 || r.Failed, "actortrap.dns.servers", "list at least one name server, e.g. [\"127.0.0.1:53\"]");
        foreach (var text in texts)
        {
            if (ListenAddress.TryParse(text, 53, out var endPoint, out var error) && endPoint.Port != 0)
            {
                servers.Add(endPoint);
            }
            else
            {
                r.Fail("actortrap.dns.servers", error ?? $"port 0 is not a server port in \"{text}\"");
            }
        }

        var minTtl = r.Duration("actortrap.dns.cache.min-ttl", TimeSpan.Zero, TimeSpan.FromDays(1));
        var maxTtl = r.Duration("actortrap.dns.cache.max-ttl", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        r.Require(maxTtl >= minTtl, "actortrap.dns.cache.max-ttl", "must not be below actortrap.dns.cache.min-ttl");
        return new DnsOptions(servers,
            r.Duration("actortrap.dns.timeout", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30)),
            r.Int("actortrap.dns.retries", 0, 5))
        {
            LookupBudget = r.Duration("actortrap.dns.lookup-budget", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)),
            CacheMinTtl = minTtl,
            CacheMaxTtl = maxTtl,
            CacheMaxEntries = r.Int("actortrap.dns.cache.max-entries", 100, 10_000_000),
            // Each query in flight holds a descriptor; the process has 20,000 for everything.
            MaxInFlight = r.Int("actortrap.dns.max-in-flight", 1, 10_000),
            MaxQueued = r.Int("actortrap.dns.max-queued", 0, 1_000_000),
        };
    }

    private static DnsblOptions BindDnsbl(SettingsReader r)
    {
        var threshold = r.Double("actortrap.dnsbl.threshold");
        r.Require(double.IsFinite(threshold) && threshold > 0, "actortrap.dnsbl.threshold", "must be a number above 0 (postscreen's default is 1)");
        var zones = new List<DnsblZoneOptions>();
        var list = r.ObjectList("actortrap.dnsbl.zones");
        for (var i = 0; i < list.Count; i++)
        {
            zones.Add(DnsblZoneBinder.Bind(r.Element(list[i], $"actortrap.dnsbl.zones[{i}]")));
        }

        foreach (var duplicate in zones.GroupBy(z => z.Zone, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && g.Key.Length > 0))
        {
            r.Fail("actortrap.dnsbl.zones", $"zone {duplicate.Key} is listed {duplicate.Count()} times; each zone is asked once");
        }

        var selfTest = r.Duration("actortrap.dnsbl.self-test-interval", TimeSpan.Zero, TimeSpan.FromDays(1));
        r.Require(selfTest == TimeSpan.Zero || selfTest >= TimeSpan.FromSeconds(10), "actortrap.dnsbl.self-test-interval",
            "must be 0 (off) or at least 10s: every run costs two queries per zone");
        var retryMin = r.Duration("actortrap.dnsbl.self-test-retry-min", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var retryMax = r.Duration("actortrap.dnsbl.self-test-retry-max", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        r.Require(retryMax >= retryMin, "actortrap.dnsbl.self-test-retry-max", "must not be below actortrap.dnsbl.self-test-retry-min");
        return new DnsblOptions(threshold, zones)
        {
            SelfTestInterval = selfTest,
            SelfTestRetryMin = retryMin,
            SelfTestRetryMax = retryMax,
            DegradedIsNotReady = r.Boolean("actortrap.dnsbl.degraded-is-not-ready"),
        };
    }
}

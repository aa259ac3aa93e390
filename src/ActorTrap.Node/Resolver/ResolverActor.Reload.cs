using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Resolver;

internal sealed partial class ResolverActor
{
    /// <summary>
    /// Takes a reload's zones (SIGHUP): a zone kept keeps its <see cref="ZoneState"/> (self-test state, and the
    /// callbacks of a test in flight still find it), a removed or disabled one is dropped, a new one is tested at once.
    /// Whole reports are forgotten, since their scores were weighed with the old weights; zone answers stay cached.
    /// </summary>
    private void Reload(DnsblOptions dnsbl)
    {
        var wasDegraded = DnsblHealth.IsDegraded(ZoneHealths());
        options = options with { Dnsbl = dnsbl };
        counters.Add(dnsbl);
        var added = new List<ZoneState>();
        var kept = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var z in dnsbl.Zones.Where(z => z.Enabled))
        {
            // Codes were validated with the configuration; a reload that did not validate never gets here.
            var filter = AnswerFilter.TryParse(z.Codes, out var f, out _) ? f : throw new ArgumentException($"invalid codes for {z.Zone}");
            kept.Add(z.Zone);
            if (zones.TryGetValue(z.Zone, out var state))
            {
                (state.Options, state.Filter) = (z, filter);
            }
            else
            {
                zones[z.Zone] = state = new ZoneState(z, filter);
                added.Add(state);
            }
        }

        foreach (var gone in zones.Keys.Where(k => !kept.Contains(k)).ToList())
        {
            zones.Remove(gone);
            Timers.Cancel(new SelfTestRetry(gone));
        }

        reports.Clear();
        if (options.SelfTestInterval > TimeSpan.Zero && zones.Count > 0)
        {
            if (!Timers.IsTimerActive(SelfTestTick.Instance))
            {
                Timers.StartPeriodicTimer(SelfTestTick.Instance, SelfTestTick.Instance, options.SelfTestInterval);
            }

            foreach (var zone in added)
            {
                RunSelfTest(zone);
            }
        }

        PublishHealth(wasDegraded);
    }
}

using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using System.Net;
using ActorTrap.Dns;
using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Resolver;

internal sealed partial class ResolverActor
{
    private static readonly IPAddress MustBeListed = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress MustNotBeListed = IPAddress.Parse("127.0.0.1");

    /// <summary>
    /// RFC 5782 5: every DNSBL lists 127.0.0.2 and never 127.0.0.1. A zone failing either is disabled until it
    /// passes again: defunct lists have started answering "listed" for the whole internet.
    /// </summary>
    private void RunSelfTests()
    {
        foreach (var zone in zones.Values)
        {
            RunSelfTest(zone);
        }
    }

    private void RunSelfTest(ZoneState zone)
    {
        if (zone.Testing)
        {
            return; // the answers of the test already out will do
        }

        zone.Testing = true;
        Query(new DnsQuestion(DnsblQueryName.For(MustBeListed, zone.Options.Zone), DnsType.A), positive =>
        {
            var listed = Classify(zone, positive);
            Query(new DnsQuestion(DnsblQueryName.For(MustNotBeListed, zone.Options.Zone), DnsType.A), negative =>
            {
                var notListed = Classify(zone, negative);
                var failure = listed.Status switch
                {
                    ZoneStatus.Error => $"test entry 127.0.0.2: {listed.Error}",
                    ZoneStatus.NotListed => "test entry 127.0.0.2 is not listed (RFC 5782 requires it)",
                    _ => notListed.Status switch
                    {
                        ZoneStatus.Listed => "127.0.0.1 is listed: the zone may be listing everything",
                        ZoneStatus.Error => $"test entry 127.0.0.1: {notListed.Error}",
                        _ => null,
                    },
                };
                zone.Testing = false;
                RecordSelfTest(zone, failure);
            });
        });
    }

    private void RecordSelfTest(ZoneState zone, string? failure)
    {
        var wasDegraded = DnsblHealth.IsDegraded(ZoneHealths());
        var first = zone.LastChecked is null;
        zone.LastChecked = clock.GetUtcNow();
        zone.LastFailure = failure ?? zone.LastFailure;
        Log.ZoneSelfTestResult(logger, zone.Options.Zone, failure ?? "passed");
        ScheduleRetry(zone, failure is not null);
        if (failure is not null && zone.Enabled)
        {
            reports.Clear(); // they were built with this zone's answers
            zone.Enabled = false;
            Log.ZoneDisabled(logger, zone.Options.Zone, failure);
        }
        else if (failure is null && !zone.Enabled)
        {
            reports.Clear(); // they say "disabled" for this zone
            zone.Enabled = true;
            Log.ZoneEnabled(logger, zone.Options.Zone);
        }
        else if (failure is null && first)
        {
            Log.ZoneSelfTestPassed(logger, zone.Options.Zone);
        }

        PublishHealth(wasDegraded);
    }

    /// <summary>
    /// A failing zone is tried again after the retry minimum, then twice as long each time, up to the maximum: a
    /// resolver that comes up after the node is noticed within seconds, not at the next self-test interval.
    /// </summary>
    private void ScheduleRetry(ZoneState zone, bool failed)
    {
        var key = new SelfTestRetry(zone.Options.Zone);
        if (!failed || options.SelfTestInterval <= TimeSpan.Zero)
        {
            (zone.RetryDelay, zone.NextRetry) = (null, null);
            Timers.Cancel(key);
            return;
        }

        var delay = zone.RetryDelay is { } last
            ? TimeSpan.FromTicks(Math.Min(last.Ticks * 2, options.SelfTestRetryMax.Ticks))
            : options.SelfTestRetryMin;
        (zone.RetryDelay, zone.NextRetry) = (delay, clock.GetUtcNow() + delay);
        Timers.StartSingleTimer(key, key, delay);
    }

    /// <summary>Hands the probes a new snapshot, and logs once when the zones as a whole turn degraded or healthy again.</summary>
    private void PublishHealth(bool wasDegraded)
    {
        var current = ZoneHealths();
        health?.Publish(current);
        var degraded = DnsblHealth.IsDegraded(current);
        if (degraded && !wasDegraded)
        {
            Log.DnsblDegraded(logger, DnsblHealth.Describe(current), options.Dnsbl.DegradedIsNotReady ? "not ready" : "ready");
        }
        else if (!degraded && wasDegraded)
        {
            Log.DnsblHealthy(logger, DnsblHealth.Describe(current));
        }
    }

    private List<ZoneHealth> ZoneHealths() => options.Dnsbl.Zones.Select(Health).ToList();

    private ZoneHealth Health(DnsblZoneOptions configured) =>
        zones.TryGetValue(configured.Zone, out var z)
            ? new ZoneHealth(configured.Zone, true, z.Enabled, z.LastFailure, z.LastChecked, z.NextRetry, configured.Weight)
            : new ZoneHealth(configured.Zone, false, false, "disabled in configuration", null, Weight: configured.Weight);
}

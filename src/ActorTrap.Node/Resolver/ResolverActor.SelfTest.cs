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
                    RecordSelfTest(zone, failure);
                });
            });
        }
    }

    private void RecordSelfTest(ZoneState zone, string? failure)
    {
        var first = zone.LastChecked is null;
        zone.LastChecked = clock.GetUtcNow();
        zone.LastFailure = failure ?? zone.LastFailure;
        Log.ZoneSelfTestResult(logger, zone.Options.Zone, failure ?? "passed");
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
    }

    private ZoneHealth Health(DnsblZoneOptions configured) =>
        zones.TryGetValue(configured.Zone, out var z)
            ? new ZoneHealth(configured.Zone, true, z.Enabled, z.LastFailure, z.LastChecked)
            : new ZoneHealth(configured.Zone, false, false, "disabled in configuration", null);
}

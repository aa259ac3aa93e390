using System.Globalization;

namespace ActorTrap.Node.Resolver;

/// <summary>
/// The DNSBL zones' self-test state as /readyz and /healthz show it. The resolver actor is its only writer (a whole
/// new snapshot on every change); probes on Kestrel's threads read the latest snapshot without asking the actor, so a
/// busy resolver mailbox never delays a kubelet probe.
/// </summary>
internal sealed class DnsblHealth
{
    private IReadOnlyList<ZoneHealth> zones = [];

    /// <summary>The latest snapshot, configured zones only.</summary>
    public IReadOnlyList<ZoneHealth> Zones => Volatile.Read(ref zones);

    /// <summary>True while at least one configured zone is disabled by its self-test.</summary>
    public bool Degraded => IsDegraded(Zones);

    public void Publish(IReadOnlyList<ZoneHealth> current) => Volatile.Write(ref zones, current.Where(z => z.Configured).ToArray());

    public static bool IsDegraded(IReadOnlyList<ZoneHealth> zones) => zones.Any(z => z.Configured && !z.Enabled);

    /// <summary>
    /// One line for an operator: <c>3 zones pass their self-test</c>, or <c>1 of 2 zones disabled by their self-test:
    /// all.rbl.jp (no answer from 127.0.0.1:53 within 2000 ms; next try at 11:40:05Z)</c>.
    /// </summary>
    public static string Describe(IReadOnlyList<ZoneHealth> zones)
    {
        var configured = zones.Where(z => z.Configured).ToList();
        if (configured.Count == 0)
        {
            return "no DNSBL zones configured";
        }

        var failing = configured.Where(z => !z.Enabled).ToList();
        if (failing.Count == 0)
        {
            return configured.All(z => z.LastChecked is null)
                ? $"{Count(configured.Count)}, self-test pending"
                : $"{Count(configured.Count)} {(configured.Count == 1 ? "passes its" : "pass their")} self-test";
        }

        var each = failing.Select(z => z.NextRetry is { } next
            ? $"{z.Zone} ({z.LastFailure}; next try at {next.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}Z)"
            : $"{z.Zone} ({z.LastFailure})");
        return $"{failing.Count} of {Count(configured.Count)} disabled by {(failing.Count == 1 ? "its" : "their")} self-test: {string.Join(", ", each)}";
    }

    private static string Count(int count) => count == 1 ? "1 zone" : $"{count} zones";
}

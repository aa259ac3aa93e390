using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Resolver;

/// <summary>A configured zone with its parsed filter and its self-test state (owned by the resolver actor).</summary>
internal sealed class ZoneState(DnsblZoneOptions options, AnswerFilter filter)
{
    /// <summary>Replaced by a reload (weight, codes, TXT); the self-test state below carries over.</summary>
    public DnsblZoneOptions Options { get; set; } = options;

    public AnswerFilter Filter { get; set; } = filter;

    /// <summary>False once the RFC 5782 self-test failed; a zone is trusted until its first test says otherwise.</summary>
    public bool Enabled { get; set; } = true;

    public string? LastFailure { get; set; }

    public DateTimeOffset? LastChecked { get; set; }

    /// <summary>True while this zone's two test queries are out: a retry or tick meanwhile does not start another.</summary>
    public bool Testing { get; set; }

    /// <summary>The wait before the next retry of a failing self-test; null while the zone passes.</summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary>When that retry runs; null while the zone passes.</summary>
    public DateTimeOffset? NextRetry { get; set; }
}

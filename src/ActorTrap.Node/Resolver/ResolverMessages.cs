using System.Net;

namespace ActorTrap.Node.Resolver;

/// <summary>Ask the resolver about a client's DNSBL listings; the reply is a <see cref="DnsblReport"/> within the lookup budget.</summary>
public sealed record CheckClient(IPAddress Client);

/// <summary>Every zone's result for one client and the weighted verdict.</summary>
/// <param name="Score">Sum of the weights of the zones that list the client.</param>
/// <param name="Listed">Score at or over <c>actortrap.dnsbl.threshold</c>.</param>
public sealed record DnsblReport(IPAddress Client, IReadOnlyList<ZoneResult> Zones, double Score, bool Listed);

/// <summary>One zone's answer about one client.</summary>
/// <param name="Codes">The A answers that matched the zone's filter (empty unless listed).</param>
/// <param name="Reason">The zone's TXT text for a listing, when fetched.</param>
/// <param name="Error">Why the zone gave no usable answer (timeout, error code, disabled by self-test).</param>
public sealed record ZoneResult(string Zone, ZoneStatus Status, double Weight, IReadOnlyList<IPAddress> Codes, string? Reason, string? Error);

/// <summary>The outcome of asking one zone.</summary>
public enum ZoneStatus
{
    NotListed,
    Listed,
    Error,
    Disabled,
}

/// <summary>Ask for the client's reverse DNS and whether it is forward-confirmed; the reply is a <see cref="PtrReport"/>.</summary>
public sealed record CheckReverseDns(IPAddress Client);

/// <param name="Names">PTR names (at most a few; more is itself suspicious).</param>
/// <param name="ForwardConfirmed">A PTR name resolves back to the client's address (FCrDNS).</param>
public sealed record PtrReport(IPAddress Client, IReadOnlyList<string> Names, bool ForwardConfirmed, string? Error);

/// <summary>Ask for a domain's MX hosts; the reply is an <see cref="MxReport"/>, ordered by preference.</summary>
public sealed record CheckMx(string Domain);

public sealed record MxReport(string Domain, IReadOnlyList<MxHost> Hosts, string? Error);

public sealed record MxHost(ushort Preference, string Host);

/// <summary>Ask for the zones' self-test state; the reply is a list of <see cref="ZoneHealth"/>.</summary>
public sealed record GetZoneHealth;

/// <param name="Enabled">False once the RFC 5782 self-test failed, until it passes again.</param>
/// <param name="NextRetry">When a failing self-test is tried again (back-off from <c>self-test-retry-min</c>); null while it passes.</param>
/// <param name="Weight">The weight the resolver uses now (a reload may have changed it).</param>
public sealed record ZoneHealth(string Zone, bool Configured, bool Enabled, string? LastFailure, DateTimeOffset? LastChecked, DateTimeOffset? NextRetry = null,
    double? Weight = null);

/// <summary>
/// A reload's <c>actortrap.dnsbl</c> (zones, weights, codes, threshold): checks started from now on use it; a zone
/// kept keeps its self-test state, a new one is self-tested at once. The reply is <see cref="DnsblInUse"/>.
/// </summary>
internal sealed record UseDnsbl(Configuration.DnsblOptions Dnsbl);

/// <summary>The resolver uses the zones of the last <see cref="UseDnsbl"/>.</summary>
internal sealed record DnsblInUse
{
    public static DnsblInUse Instance { get; } = new();
}

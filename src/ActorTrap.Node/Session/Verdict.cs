using System.Net;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Session;

/// <summary>
/// What one SMTP session concluded about its client, emitted exactly once when the session ends (QUIT, drop,
/// end of hold, timeout, shutdown). Immutable: it crosses actors, nodes (UDP feed) and the store.
/// </summary>
/// <param name="Client">The client's address (after a trusted PROXY header, the original client).</param>
/// <param name="Node">Name of the node that ran the session.</param>
/// <param name="Dnsbl">The DNSBL report the session acted on; null when no lookup finished in the budget.</param>
/// <param name="Sins">Every sin seen, each with its configured weight.</param>
/// <param name="Score">Sum of the sin weights: what the verdict adds to the client's reputation.</param>
/// <param name="RcptDomains">Distinct recipient domains, lower case, at most a few.</param>
/// <param name="QuitSent">The client said QUIT before it went away.</param>
public sealed record Verdict(
    IPAddress Client,
    string Node,
    DateTimeOffset Start,
    DateTimeOffset End,
    SessionMode Mode,
    SessionOutcome Outcome,
    DnsblReport? Dnsbl,
    IReadOnlyList<Sin> Sins,
    double Score,
    string? Helo,
    string? MailFrom,
    IReadOnlyList<string> RcptDomains,
    bool QuitSent,
    long BytesIn,
    long BytesOut)
{
    /// <summary>True when the sins add up to evidence against the client (score above zero).</summary>
    public bool IsSpambot => Score > 0;

    public TimeSpan Duration => End - Start;

    /// <summary>
    /// The UDP feed reporter (its key id) this verdict came from at a collector; null for the node's own sessions.
    /// Never sent on the wire: the collector sets it from the key that signed the line (issue 18).
    /// </summary>
    public string? ReporterId { get; init; }

    /// <summary>The reporter was configured as trusted (<c>trusted = on</c>): its reports list without a second reporter.</summary>
    public bool ReporterTrusted { get; init; }
}

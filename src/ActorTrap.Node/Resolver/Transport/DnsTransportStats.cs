namespace ActorTrap.Node.Resolver.Transport;

/// <summary>Counters of a <see cref="DnsTransport"/> since it was created (<c>/api/dns/stats</c>, <c>/metrics</c>).</summary>
/// <param name="Queries">Questions the resolver sent (its cache misses).</param>
/// <param name="Timeouts">Servers that gave no answer in time (every try timed out), or questions the lookup budget cut short.</param>
/// <param name="NetworkErrors">Servers that failed at the socket (connection refused over TCP, reset, unreachable).</param>
/// <param name="Malformed">Servers whose answer did not parse.</param>
/// <param name="Mismatched">Answers dropped because their id or question was not the one asked (spoofing attempts or stale answers).</param>
/// <param name="Rejected">Questions refused because too many were in flight and queued.</param>
/// <param name="InFlight">Questions on the wire now.</param>
/// <param name="Queued">Questions waiting for a slot now.</param>
internal sealed record DnsTransportStats(
    long Queries,
    long Timeouts,
    long NetworkErrors,
    long Malformed,
    long Mismatched,
    long Rejected,
    int InFlight,
    int Queued);

namespace ActorTrap.Dns.Client;

/// <summary>Counters of a <see cref="DnsClient"/> since it was created.</summary>
/// <param name="Queries">Questions asked by callers.</param>
/// <param name="Tries">Datagrams and TCP exchanges sent (tries of every server).</param>
/// <param name="TcpFallbacks">Truncated UDP answers retried over TCP.</param>
/// <param name="Timeouts">Tries that got no matching answer in time.</param>
/// <param name="NetworkErrors">Tries that failed at the socket (port unreachable, connection refused, ...).</param>
/// <param name="Malformed">Packets dropped because they did not parse.</param>
/// <param name="Mismatched">Answers dropped because their id, question or source did not match (spoofing attempts or stale answers).</param>
/// <param name="Rejected">Questions refused because too many were in flight and queued.</param>
/// <param name="InFlight">Queries holding a socket now.</param>
/// <param name="Queued">Queries waiting for a slot now.</param>
public sealed record DnsClientStats(
    long Queries,
    long Tries,
    long TcpFallbacks,
    long Timeouts,
    long NetworkErrors,
    long Malformed,
    long Mismatched,
    long Rejected,
    int InFlight,
    int Queued);

using System.Net;

namespace ActorTrap.Dns.Client;

/// <summary>How <see cref="DnsClient"/> asks: which servers, how patiently, how many queries at once.</summary>
/// <param name="Servers">Recursive resolvers in failover order (a server is left for the next after its tries fail or it answers SERVFAIL/REFUSED).</param>
/// <param name="Timeout">How long one try (one UDP datagram, or one TCP exchange) waits for a matching answer.</param>
/// <param name="Retries">Further tries per server after the first, each with a new id and a new socket.</param>
public sealed record DnsClientOptions(IReadOnlyList<IPEndPoint> Servers, TimeSpan Timeout, int Retries)
{
    /// <summary>
    /// Queries on the wire at once; each holds a socket, and the node has 20,000 descriptors for everything.
    /// Default 1,000 (5 % of them); postscreen's dnsblog runs up to 100 processes of one query each.
    /// </summary>
    public int MaxInFlight { get; init; } = 1000;

    /// <summary>Queries waiting for a slot beyond <see cref="MaxInFlight"/>; more fail at once. 0 fails fast. Default 10,000 (memory only).</summary>
    public int MaxQueued { get; init; } = 10_000;

    /// <summary>EDNS0 UDP payload size advertised (RFC 6891); 1232 avoids IP fragmentation (DNS flag day 2020).</summary>
    public ushort EdnsUdpSize { get; init; } = 1232;
}

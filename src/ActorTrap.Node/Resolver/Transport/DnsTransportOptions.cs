using System.Net;

namespace ActorTrap.Node.Resolver.Transport;

/// <summary>How <see cref="DnsTransport"/> asks (the <c>actortrap.dns</c> keys).</summary>
/// <param name="Servers">Recursive resolvers in failover order: the next is asked when one times out, fails or answers SERVFAIL/REFUSED.</param>
/// <param name="Timeout">How long one try (one UDP datagram, or one TCP exchange) waits; real time, inside DnsClient.</param>
/// <param name="Retries">Further tries per server after the first, each with a new id and a new socket.</param>
/// <param name="MaxInFlight">Questions on the wire at once, each holding a socket.</param>
/// <param name="MaxQueued">Questions waiting for a slot beyond that; more fail at once.</param>
internal sealed record DnsTransportOptions(IReadOnlyList<IPEndPoint> Servers, TimeSpan Timeout, int Retries, int MaxInFlight, int MaxQueued)
{
    /// <summary>EDNS0 UDP payload size advertised (RFC 6891); 1232 avoids IP fragmentation (DNS flag day 2020).</summary>
    public int EdnsUdpSize { get; init; } = 1232;
}

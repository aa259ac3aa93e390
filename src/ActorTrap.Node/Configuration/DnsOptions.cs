using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.dns</c>: the resolvers ActorTrap asks and how patiently.</summary>
/// <param name="Servers">Recursive name servers, in failover order.</param>
/// <param name="Timeout">Wait for one answer from one server.</param>
/// <param name="Retries">Retries per server after the first try.</param>
public sealed record DnsOptions(IReadOnlyList<IPEndPoint> Servers, TimeSpan Timeout, int Retries);

using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.dns</c>: the resolvers ActorTrap asks, how patiently, and how much it remembers.</summary>
/// <param name="Servers">Recursive name servers, in failover order.</param>
/// <param name="Timeout">Wait for one answer from one server.</param>
/// <param name="Retries">Retries per server after the first try.</param>
public sealed record DnsOptions(IReadOnlyList<IPEndPoint> Servers, TimeSpan Timeout, int Retries)
{
    /// <summary><c>lookup-budget</c>: a session's DNS question is answered within this, unanswered parts as errors. 6 s: postscreen looks DNSBLs up during its 6 s greet wait.</summary>
    public TimeSpan LookupBudget { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary><c>cache.min-ttl</c>: shorter TTLs are raised to this (postscreen_dnsbl_min_ttl, 60 s).</summary>
    public TimeSpan CacheMinTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>cache.max-ttl</c>: longer TTLs are cut to this (postscreen_dnsbl_max_ttl, 1 h).</summary>
    public TimeSpan CacheMaxTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>cache.max-entries</c>: answers kept, least recently used dropped first; about 1 KB each.</summary>
    public int CacheMaxEntries { get; init; } = 50_000;

    /// <summary><c>max-in-flight</c>: queries on the wire at once, each holding a socket (5 % of the node's 20,000 descriptors).</summary>
    public int MaxInFlight { get; init; } = 1000;

    /// <summary><c>max-queued</c>: queries waiting for a slot beyond that; more fail at once (0 fails fast).</summary>
    public int MaxQueued { get; init; } = 10_000;
}

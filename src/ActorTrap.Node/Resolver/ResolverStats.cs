namespace ActorTrap.Node.Resolver;

/// <summary>Ask with <see cref="GetResolverStats"/>; counters since start for the admin API and metrics.</summary>
/// <param name="ReportHits">Client checks answered whole from the report cache (every zone's answer still cached).</param>
public sealed record ResolverStats(long QueriesSent, long CacheHits, long CacheMisses, int CacheEntries, int InFlight, int PendingRequests, long ReportHits);

/// <summary>Ask the resolver for its <see cref="ResolverStats"/>.</summary>
public sealed record GetResolverStats;

namespace ActorTrap.Node.Resolver;

/// <summary>Ask with <see cref="GetResolverStats"/>; counters since start for the admin API and metrics.</summary>
public sealed record ResolverStats(long QueriesSent, long CacheHits, long CacheMisses, int CacheEntries, int InFlight, int PendingRequests);

/// <summary>Ask the resolver for its <see cref="ResolverStats"/>.</summary>
public sealed record GetResolverStats;

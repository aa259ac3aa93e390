using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Resolver;

/// <summary>What the resolver actor needs from configuration.</summary>
/// <param name="LookupBudget">A client check replies within this, with unanswered zones as errors.</param>
/// <param name="SelfTestInterval">How often each zone's RFC 5782 self-test runs; zero turns it off.</param>
public sealed record ResolverOptions(
    DnsblOptions Dnsbl,
    TimeSpan LookupBudget,
    TimeSpan SelfTestInterval,
    TimeSpan CacheMinTtl,
    TimeSpan CacheMaxTtl,
    int CacheMaxEntries);

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
    int CacheMaxEntries)
{
    /// <summary>A failed self-test is retried after this, doubling on each further failure (see <see cref="DnsblOptions.SelfTestRetryMin"/>).</summary>
    public TimeSpan SelfTestRetryMin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The cap on the self-test retry back-off (see <see cref="DnsblOptions.SelfTestRetryMax"/>).</summary>
    public TimeSpan SelfTestRetryMax { get; init; } = TimeSpan.FromMinutes(5);
}

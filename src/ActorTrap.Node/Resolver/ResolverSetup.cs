using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Resolver.Transport;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Resolver;

/// <summary>Builds the resolver actor and its DNS client from validated settings; shared by the node and <c>actortrap lookup</c>.</summary>
internal static class ResolverSetup
{
    /// <summary>The path sessions find the resolver at.</summary>
    public const string ActorName = "resolver";

    public static ResolverOptions Options(NodeSettings settings) => new(
        settings.Dnsbl,
        settings.Dns.LookupBudget,
        settings.Dnsbl.SelfTestInterval,
        settings.Dns.CacheMinTtl,
        settings.Dns.CacheMaxTtl,
        settings.Dns.CacheMaxEntries)
    {
        SelfTestRetryMin = settings.Dnsbl.SelfTestRetryMin,
        SelfTestRetryMax = settings.Dnsbl.SelfTestRetryMax,
    };

    /// <summary>
    /// The transport (DnsClient) the resolver sends its cache misses to; the wait for a query slot runs on
    /// <paramref name="time"/>, DnsClient's own per-try timeouts in real time.
    /// </summary>
    public static DnsTransport Transport(DnsOptions dns, TimeProvider time) =>
        new(new DnsTransportOptions(dns.Servers, dns.Timeout, dns.Retries, dns.MaxInFlight, dns.MaxQueued), time);

    /// <param name="counters">The node's per-zone counters, kept across restarts of the actor; null for a private set (the lookup verb).</param>
    /// <param name="health">Where the zones' self-test state goes for /readyz and /healthz; null for none (the lookup verb).</param>
    public static Props Props(DnsTransport transport, ResolverOptions options, ILoggerFactory loggerFactory, ResolverCounters? counters = null,
        DnsblHealth? health = null)
    {
        var logger = loggerFactory.CreateLogger("ActorTrap.Resolver");
        return ActorProps.Of(() => new ResolverActor(transport.QueryAsync, options, logger, counters, health));
    }
}

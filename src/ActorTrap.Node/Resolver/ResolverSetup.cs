using ActorTrap.Actors;
using ActorTrap.Dns.Client;
using ActorTrap.Node.Configuration;
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
        settings.Dns.CacheMaxEntries);

    /// <summary>The client the resolver sends its cache misses to; its timeouts run on <paramref name="time"/>.</summary>
    public static DnsClient Client(DnsOptions dns, TimeProvider time) =>
        new(new DnsClientOptions(dns.Servers, dns.Timeout, dns.Retries) { MaxInFlight = dns.MaxInFlight, MaxQueued = dns.MaxQueued }, time);

    /// <param name="counters">The node's per-zone counters, kept across restarts of the actor; null for a private set (the lookup verb).</param>
    public static Props Props(DnsClient client, ResolverOptions options, ILoggerFactory loggerFactory, ResolverCounters? counters = null)
    {
        var logger = loggerFactory.CreateLogger("ActorTrap.Resolver");
        return Actors.Props.Create(() => new ResolverActor(client.QueryAsync, options, logger, counters));
    }
}

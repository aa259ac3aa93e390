using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Resolver;

/// <summary>
/// What <c>actortrap lookup IP</c> runs: the node's resolver actor on its own small actor system, with no listeners
/// (so it works beside a running node), asked once for the client's DNSBL listings and reverse DNS.
/// </summary>
public static class ClientLookup
{
    public static async Task<(DnsblReport Dnsbl, PtrReport Ptr)> RunAsync(NodeSettings settings, IPAddress client, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var system = NodeActorSystem.Create("actortrap-lookup", settings.Actors, loggerFactory);
        using var dns = ResolverSetup.Transport(settings.Dns, TimeProvider.System);
        try
        {
            // No self-test: every enabled zone is asked, and the answer shows what the zone itself says.
            var options = ResolverSetup.Options(settings) with { SelfTestInterval = TimeSpan.Zero };
            var resolver = system.ActorOf(ResolverSetup.Props(dns, options, loggerFactory), ResolverSetup.ActorName);
            // The resolver replies within the lookup budget; the margin only guards against a stuck actor.
            var wait = settings.Dns.LookupBudget + TimeSpan.FromSeconds(5);
            var dnsbl = resolver.Ask<DnsblReport>(new CheckClient(client), wait, cancellationToken);
            var ptr = resolver.Ask<PtrReport>(new CheckReverseDns(client), wait, cancellationToken);
            return (await dnsbl.ConfigureAwait(false), await ptr.ConfigureAwait(false));
        }
        finally
        {
            await system.TerminateWithin(settings.Actors.ShutdownTimeout).ConfigureAwait(false);
        }
    }
}

using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>
/// This node's bootstrap contact point: <c>GET /bootstrap/seed-nodes</c>, which the other pods' cluster bootstrap asks
/// for the members it may join, answered as Akka.Management's own route does (same protocol types, same serializer).
/// Served by Kestrel instead of Akka.Management's HTTP server: that server (Akka.Http.Shim 1.5.73) calls a method of
/// Ceen.Httpd 0.9.9 that 0.9.10, the only version served, no longer has, and fails to start.
/// </summary>
internal sealed class ManagementEndpoint : IAsyncDisposable
{
    /// <summary>The route Akka.Management's contact-point probes ask (<c>ClusterBootstrapRequests.BootstrapSeedNodes</c>).</summary>
    public const string SeedNodesPath = "/bootstrap/seed-nodes";

    /// <summary>Akka.Management's <c>MaxSeedNodesToExpose</c>: a joining node needs one live member, not the whole cluster.</summary>
    private const int MaxSeedNodes = 5;

    /// <summary>Only the other pods' probes come here, one per pod every few seconds.</summary>
    private const int MaxConnections = 32;

    private readonly WebApplication app;

    private ManagementEndpoint(WebApplication app, IPEndPoint boundEndPoint)
    {
        this.app = app;
        BoundEndPoint = boundEndPoint;
    }

    /// <summary>The address bound (the real port when asked for port 0).</summary>
    public IPEndPoint BoundEndPoint { get; }

    /// <summary>
    /// Listens on <paramref name="hostname"/> (an address; a host name listens on every interface) and
    /// <paramref name="port"/>. Throws Kestrel's exception when the port cannot be bound.
    /// </summary>
    public static async Task<ManagementEndpoint> StartAsync(ActorSystem system, string hostname, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, Admin.NodeOwnedLifetime>();
        var address = IPAddress.TryParse(hostname.Trim('[', ']'), out var ip) ? ip : null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (address is null)
            {
                k.ListenAnyIP(port);
            }
            else
            {
                k.Listen(address, port);
            }

            k.Limits.MaxConcurrentConnections = MaxConnections;
            k.Limits.MaxRequestBodySize = 0;
        });

        var app = builder.Build();
        var cluster = Akka.Cluster.Cluster.Get(system);
        app.MapGet(SeedNodesPath, () => Results.Text(SeedNodesJson(cluster), "application/json"));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new ManagementEndpoint(app, new IPEndPoint(address ?? IPAddress.Any, bound.Port));
    }

    /// <summary>
    /// What Akka.Management's <c>HttpClusterBootstrapRoutes</c> answers: this node's address, and the reachable members
    /// that are up or joining (at most five), or none once this node is on its way out, so nobody joins through it.
    /// </summary>
    internal static string SeedNodesJson(Akka.Cluster.Cluster cluster)
    {
        var self = cluster.SelfMember;
        var members = ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty;
        if (self.Status is not (MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed))
        {
            var state = cluster.State;
            members = [.. state.Members
                .Where(m => !state.Unreachable.Contains(m) && m.Status is (MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining))
                .Take(MaxSeedNodes)
                .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))];
        }

        // Newtonsoft, as Akka.Management writes it and its probes read it: the wire format is theirs.
        return Newtonsoft.Json.JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(self.UniqueAddress.Address, members));
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

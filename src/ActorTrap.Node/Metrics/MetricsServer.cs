using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ActorTrap.Node.Metrics;

/// <summary>
/// The metrics listener (<c>actortrap.metrics.listen</c>): <c>GET /metrics</c> and nothing else, without the admin
/// token, so a Prometheus scraper that cannot send a secret (pod annotations) reaches it off loopback. It answers
/// counts by outcome, zone and actor type, never an address, a listing or a control: the admin API stays behind its token.
/// </summary>
internal sealed class MetricsServer : IAsyncDisposable
{
    /// <summary>Scrapers are few (one Prometheus, perhaps a second during a migration); more wait in the listen backlog.</summary>
    private const int MaxConnections = 8;

    private readonly WebApplication app;

    private MetricsServer(WebApplication app, IPEndPoint boundEndPoint)
    {
        this.app = app;
        BoundEndPoint = boundEndPoint;
    }

    /// <summary>The address actually bound (the real port when the configuration said port 0).</summary>
    public IPEndPoint BoundEndPoint { get; }

    public static async Task<MetricsServer> StartAsync(IPEndPoint listen, MeterProvider provider, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, NodeOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(listen);
            k.Limits.MaxRequestBodySize = 0;
        });
        // Each connection is a descriptor outside the SMTP cap (issue 8): a few, gated before accept like the admin endpoint.
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(_ => new GatedListenerFactory(
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory), MaxConnections));

        var app = builder.Build();
        new MetricsRoutes(provider).Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException
                ?? new SocketException((int)SocketError.AddressAlreadyInUse);
            throw StartFailures.Listen("actortrap.metrics.listen", "metrics listener", listen, socket);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new IPEndPoint(listen.Address, new Uri(address).Port);
        Log.MetricsListening(loggerFactory.CreateLogger("ActorTrap.Admin"), ListenAddress.Format(bound));
        return new MetricsServer(app, bound);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

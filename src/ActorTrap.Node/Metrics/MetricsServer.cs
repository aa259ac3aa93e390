using System.Net;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
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
        // Scrapers are few; each connection is a descriptor outside the SMTP cap (issue 8), gated like the admin endpoint's.
        var app = KestrelListener.Builder(listen, MaxConnections, loggerFactory).Build();
        new MetricsRoutes(provider).Map(app);
        var bound = await KestrelListener.StartAsync(app, listen, "actortrap.metrics.listen", "metrics listener", cancellationToken).ConfigureAwait(false);
        Log.MetricsListening(loggerFactory.CreateLogger("ActorTrap.Admin"), ListenAddress.Format(bound));
        return new MetricsServer(app, bound);
    }

    public ValueTask DisposeAsync() => KestrelListener.StopAsync(app);
}

using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ActorTrap.Node.Tests.Support;

/// <summary>
/// The node's metrics pipeline without a node: a meter provider configured as the node's (<see cref="NodeMetrics"/>)
/// and the metrics listener on a loopback port, read over HTTP as Prometheus would. For specs of one area's instruments:
/// the spec builds its part on <see cref="Meters"/>, and the scrape shows that part alone, whatever else runs in the process.
/// </summary>
internal sealed class PrometheusScrape : IAsyncDisposable
{
    private readonly MeterProvider provider;
    private readonly MetricsServer server;
    private readonly HttpClient http;

    private PrometheusScrape(MeterProvider provider, MetricsServer server, NodeMeters meters)
    {
        Meters = meters;
        this.provider = provider;
        this.server = server;
        http = new HttpClient { BaseAddress = new Uri($"http://{server.BoundEndPoint}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static async Task<PrometheusScrape> StartAsync()
    {
        var meters = new NodeMeters();
        var provider = NodeMetrics.Configure(Sdk.CreateMeterProviderBuilder(), MetricsOptions.Off, meters).Build();
        var server = await MetricsServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), provider, NullLoggerFactory.Instance, CancellationToken.None);
        return new PrometheusScrape(provider, server, meters);
    }

    /// <summary>The meters this scrape reads; a part built on others is not shown.</summary>
    public NodeMeters Meters { get; }

    /// <summary>One scrape of <c>/metrics</c>, as text.</summary>
    public Task<string> TextAsync() => http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        provider.Dispose();
    }
}

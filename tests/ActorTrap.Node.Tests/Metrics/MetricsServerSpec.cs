using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ActorTrap.Node.Tests.Metrics;

public sealed class MetricsServerSpec
{
    [Fact]
    public async Task Issue17_a_taken_metrics_port_stops_the_start_naming_the_key()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        using var provider = NodeMetrics.Configure(Sdk.CreateMeterProviderBuilder(), MetricsOptions.Off, new NodeMeters()).Build();

        var error = await Assert.ThrowsAsync<NodeStartException>(() =>
            MetricsServer.StartAsync((IPEndPoint)taken.LocalEndpoint, provider, NullLoggerFactory.Instance, CancellationToken.None));

        Assert.StartsWith("actortrap.metrics.listen: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        Assert.Contains("metrics listener", error.Message, StringComparison.Ordinal);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Metrics;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /metrics</c>: the Prometheus text of every ActorTrap meter and the runtime's, rendered by OpenTelemetry's
/// exporter from the node's <see cref="MeterProvider"/>. Behind the admin token like the rest; the metrics listener
/// (<c>actortrap.metrics.listen</c>) serves the same without it.
/// </summary>
internal sealed class MetricsRoutes(MeterProvider provider) : IAdminRoutes
{
    public const string Path = "/metrics";

    public void Map(IEndpointRouteBuilder routes) => routes.MapPrometheusScrapingEndpoint(Path, provider, null, null);
}

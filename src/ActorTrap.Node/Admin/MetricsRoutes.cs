using ActorTrap.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary><c>GET /metrics</c>: the Prometheus text exposition of every ActorTrap meter. Behind the admin token like the rest.</summary>
internal sealed class MetricsRoutes(PrometheusCollector collector) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/metrics", () => Results.Text(collector.Render(), PrometheusCollector.ContentType));
}

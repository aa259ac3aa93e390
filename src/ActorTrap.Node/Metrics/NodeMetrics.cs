using ActorTrap.Node.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ActorTrap.Node.Metrics;

/// <summary>
/// OpenTelemetry's SDK as the node's metrics pipeline: it reads every <c>ActorTrap.*</c> meter (our instruments stay
/// <see cref="System.Diagnostics.Metrics"/>) and the .NET runtime's, renders Prometheus text for <c>/metrics</c>, and
/// pushes OTLP to a collector when <c>actortrap.metrics.otlp.endpoint</c> is set.
/// </summary>
internal static class NodeMetrics
{
    public static IServiceCollection AddNodeMetrics(this IServiceCollection services, NodeSettings settings, NodeMeters meters)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("actortrap", serviceInstanceId: settings.Node.Name))
            .WithMetrics(metrics => Configure(metrics, settings.Metrics, meters));
        return services;
    }

    /// <summary>What the node's meter provider reads and where it exports; specs build a provider with it too.</summary>
    public static MeterProviderBuilder Configure(MeterProviderBuilder metrics, MetricsOptions options, NodeMeters meters)
    {
        // Every ActorTrap meter by name, but only this node's instruments: another node in the same process has meters of
        // the same names, and reading them too would put its series on this node's /metrics as duplicates.
        metrics.AddMeter(MeterNames.Prefix + "*")
            .AddView(instrument => instrument.Meter.Name.StartsWith(MeterNames.Prefix, StringComparison.Ordinal) && !meters.Owns(instrument.Meter)
                ? MetricStreamConfiguration.Drop
                : null)
            .AddRuntimeInstrumentation().AddPrometheusExporter(Prometheus);
        if (options.Otlp is { } otlp)
        {
            metrics.AddOtlpExporter((exporter, reader) =>
            {
                // With HTTP the exporter takes the endpoint as the full URL; the signal's path is ours to add.
                exporter.Endpoint = otlp.HttpProtobuf ? new Uri(otlp.Endpoint, otlp.Endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics") : otlp.Endpoint;
                exporter.Protocol = otlp.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                exporter.Headers = otlp.Headers.Length == 0 ? null : otlp.Headers;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otlp.Interval.TotalMilliseconds;
            });
        }

        return metrics;
    }

    private static void Prometheus(PrometheusAspNetCoreOptions options)
    {
        // Every scrape collects afresh: a counter read right after it moved shows the move (specs, ctl, the dashboard).
        options.ScrapeResponseCacheDurationMilliseconds = 0;
        // Our series keep the labels they had before issue 17: no otel_scope_* label on every sample, no target_info
        // family (Prometheus knows the pod from its scrape target; the service name is in the OTLP resource).
        options.ScopeInfoEnabled = false;
        options.TargetInfoEnabled = false;
    }
}

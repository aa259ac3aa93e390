namespace ActorTrap.Node.Configuration;

internal static partial class SettingsBinder
{
    private static MetricsOptions BindMetrics(SettingsReader r)
    {
        // No token on this listener: it serves metrics only (counts, no addresses, no control), like node_exporter.
        var listen = OptionalEndpoint(r, "actortrap.metrics.listen", allowPortZero: true);
        var endpoint = r.String("actortrap.metrics.otlp.endpoint").Trim();
        var protocol = r.String("actortrap.metrics.otlp.protocol").Trim();
        var interval = r.Duration("actortrap.metrics.otlp.interval", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var headers = r.String("actortrap.metrics.otlp.headers").Trim();
        r.Require(protocol is "grpc" or "http/protobuf", "actortrap.metrics.otlp.protocol", $"must be grpc or http/protobuf, got \"{protocol}\"");
        OtlpOptions? otlp = null;
        if (endpoint.Length > 0)
        {
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                otlp = new OtlpOptions(uri, protocol == "http/protobuf", interval, headers);
            }
            else
            {
                r.Fail("actortrap.metrics.otlp.endpoint", $"must be an http:// or https:// address such as http://otel-collector:4317, got \"{endpoint}\"");
            }
        }

        return new MetricsOptions(listen, otlp);
    }
}

using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.metrics</c>: where a scraper reads the node's metrics, and an optional OTLP push.</summary>
/// <param name="Listen">
/// A listener that serves only <c>GET /metrics</c>, without the admin token, so a Prometheus scraper reaches it off
/// loopback; null (the default) serves metrics on the admin endpoint alone, behind its token.
/// </param>
/// <param name="Otlp">Where OTLP export sends the metrics; null (the default) exports nothing.</param>
public sealed record MetricsOptions(IPEndPoint? Listen, OtlpOptions? Otlp)
{
    /// <summary>Both off: metrics on the admin endpoint only, as before issue 17.</summary>
    public static readonly MetricsOptions Off = new(null, null);
}

/// <summary><c>actortrap.metrics.otlp</c>: a push to an OpenTelemetry collector.</summary>
/// <param name="Endpoint">The collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP).</param>
/// <param name="HttpProtobuf">True for OTLP over HTTP/protobuf (<c>/v1/metrics</c> is added to the endpoint's path), false for gRPC.</param>
/// <param name="Interval">Time between two exports; 60 s is OpenTelemetry's default metric export interval.</param>
/// <param name="Headers">Sent with every export (<c>key=value,key2=value2</c>, e.g. an API key); never logged.</param>
public sealed record OtlpOptions(Uri Endpoint, bool HttpProtobuf, TimeSpan Interval, string Headers)
{
    public override string ToString() =>
        $"OtlpOptions {{ Endpoint = {Endpoint}, HttpProtobuf = {HttpProtobuf}, Interval = {Interval}, Headers = {(Headers.Length == 0 ? "none" : "set")} }}";
}

using System.Net;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary>actortrap.metrics (issue 17): the scrape listener and the OTLP push, both off by default.</summary>
public sealed class MetricsSettingsSpec
{
    private static LoadedConfig Load(Func<string, string?> environment, params string[] overrides) =>
        NodeConfig.Load(new ConfigSources(null, overrides), environment);

    private static LoadedConfig Load(params string[] overrides) => Load(_ => null, overrides);

    [Fact]
    public void Reference_serves_metrics_on_the_admin_endpoint_only_and_pushes_nowhere()
    {
        var loaded = Load();
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        Assert.Equal(MetricsOptions.Off, loaded.Settings!.Metrics);
    }

    [Fact]
    public void Listener_and_otlp_are_read_from_the_file_or_the_environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["ACTORTRAP_METRICS_LISTEN"] = "0.0.0.0:9464",
            ["ACTORTRAP_OTLP_ENDPOINT"] = "http://otel-collector:4318",
            ["ACTORTRAP_OTLP_HEADERS"] = "api-key=metrics-spec-secret",
        };
        var loaded = Load(environment.GetValueOrDefault, "actortrap.metrics.otlp.protocol=\"http/protobuf\"", "actortrap.metrics.otlp.interval=15s");

        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        var metrics = loaded.Settings!.Metrics;
        Assert.Equal(new IPEndPoint(IPAddress.Any, 9464), metrics.Listen);
        Assert.Equal(new OtlpOptions(new Uri("http://otel-collector:4318"), true, TimeSpan.FromSeconds(15), "api-key=metrics-spec-secret"), metrics.Otlp);
        Assert.DoesNotContain("metrics-spec-secret", metrics.ToString(), StringComparison.Ordinal);
        // config check prints the effective configuration, which ends up in CI logs and tickets: the headers carry API keys.
        Assert.DoesNotContain("metrics-spec-secret", loaded.Render(), StringComparison.Ordinal);
        Assert.Contains("http://otel-collector:4318", loaded.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_values_are_refused_naming_their_keys()
    {
        var loaded = Load("actortrap.metrics.listen=\"localhost\"", "actortrap.metrics.otlp.endpoint=\"otel-collector:4317\"",
            "actortrap.metrics.otlp.protocol=\"udp\"", "actortrap.metrics.otlp.interval=10ms");

        Assert.Null(loaded.Settings);
        var keys = loaded.Errors.Select(e => e.Message).ToList();
        foreach (var key in new[] { "actortrap.metrics.listen", "actortrap.metrics.otlp.endpoint", "actortrap.metrics.otlp.protocol", "actortrap.metrics.otlp.interval" })
        {
            Assert.True(keys.Any(k => k.StartsWith(key + ":", StringComparison.Ordinal)), $"no error names {key}:\n{string.Join("\n", loaded.Errors)}");
        }
    }
}

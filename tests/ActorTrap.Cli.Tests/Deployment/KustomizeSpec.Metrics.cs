using System.Net;
using ActorTrap.Cli.Tests.EndToEnd;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// Issue 17: the pods' prometheus.io annotations point at a port that serves /metrics without the admin token (the
/// metrics listener), the pods have a startup probe, and the kustomization lists folders under resources.
/// </summary>
public sealed partial class KustomizeSpec
{
    private JsonObjectView Annotations => new(k8s.PodSpec.Parent!["metadata"]!["annotations"]!.AsObject());

    [Fact]
    public void Issue17_scrape_annotations_point_at_the_metrics_port_the_overlay_listens_on()
    {
        var metricsPort = int.Parse(Text(ContainerPort("metrics")["containerPort"]), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Port(PodConfig.GetString("actortrap.metrics.listen")), metricsPort);
        Assert.Equal("true", Annotations["prometheus.io/scrape"]);
        Assert.Equal(metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", Annotations["prometheus.io/path"]);
        Assert.Equal("TCP", Text(ContainerPort("metrics")["protocol"]));
        // Not the admin port: that one answers a scraper without the token 401.
        Assert.NotEqual(Text(ContainerPort("admin")["containerPort"]), Annotations["prometheus.io/port"]);
    }

    [Fact]
    public void Issue17_the_metrics_port_admits_the_same_clients_as_the_admin_port()
    {
        var rules = k8s.Single("NetworkPolicy", n => n == "actortrap")["spec"]!["ingress"]!.AsArray();
        var metrics = rules.Single(r => r!["ports"]!.AsArray().Any(p => Text(p!["port"]) == "metrics"))!;
        var admin = rules.Single(r => r!["ports"]!.AsArray().Any(p => Text(p!["port"]) == "admin"))!;
        Assert.Same(admin, metrics);
    }

    [Fact]
    public async Task Issue17_the_annotated_path_is_served_without_the_token_on_the_metrics_listener_and_only_with_it_on_the_admin_port()
    {
        using var node = await RunningNode.StartAsync("127.0.0.1:9", "bl.k8s.test", settings:
            ["actortrap.admin.token=\"k8s-spec-metrics-token-0123456789\"", "actortrap.metrics.listen=\"127.0.0.1:0\""]);
        var listening = await node.Process.WaitForOutputAsync(@"Metrics listening on (http://[0-9.:]+)/metrics", TimeSpan.FromSeconds(30));
        using var scraper = new HttpClient { BaseAddress = new Uri(listening.Groups[1].Value), Timeout = TimeSpan.FromSeconds(10) };

        using var scrape = await scraper.GetAsync(Annotations["prometheus.io/path"]);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE actortrap_smtp_connections_open gauge", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/api/actors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Http.GetAsync(Annotations["prometheus.io/path"])).StatusCode);
    }

    [Fact]
    public void Issue17_a_startup_probe_covers_a_slow_start_so_liveness_needs_no_initial_delay()
    {
        var startup = k8s.Container["startupProbe"]!;
        Assert.Equal(("/healthz", "admin"), (Text(startup["httpGet"]!["path"]), Text(startup["httpGet"]!["port"])));
        var period = int.Parse(Text(startup["periodSeconds"]), System.Globalization.CultureInfo.InvariantCulture);
        var failures = int.Parse(Text(startup["failureThreshold"]), System.Globalization.CultureInfo.InvariantCulture);
        // Start-up waits for the store (a PostgreSQL starting beside it on a fresh install) before the admin endpoint answers.
        Assert.True(period * failures >= 120, $"the startup probe gives up after {period * failures} s");
        Assert.Null(k8s.Container["livenessProbe"]!["initialDelaySeconds"]);
    }

    [Fact]
    public void Issue17_the_kustomization_lists_folders_under_resources_not_the_deprecated_bases()
    {
        var kustomization = YamlJson.Documents(File.ReadAllText(Path.Combine(RepoRoot.Path, "k8s", "kustomization.yaml"))).Single();
        Assert.Null(kustomization["bases"]);
        var resources = kustomization["resources"]!.AsArray().Select(Text).ToList();
        Assert.Contains("../hocon", resources);
        Assert.Contains("postgres", resources);
    }

    /// <summary>A JSON object's string values by key, failing with the key's name when it is missing.</summary>
    private readonly struct JsonObjectView(System.Text.Json.Nodes.JsonObject json)
    {
        public string this[string key] => json[key] is { } value ? Text(value) : throw new Xunit.Sdk.XunitException($"no {key}");
    }
}

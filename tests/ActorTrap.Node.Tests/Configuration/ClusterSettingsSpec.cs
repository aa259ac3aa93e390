using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary>Issue 14: <c>actortrap.cluster.kubernetes</c>, bound and checked at start-up.</summary>
public sealed class ClusterSettingsSpec
{
    private const string Postgres = "actortrap.reputation.postgres.connection-string = \"Host=db;Username=a;Password=b;Database=c\"";

    private static LoadedConfig Load(Func<string, string?> environment, params string[] overrides) =>
        NodeConfig.Load(new ConfigSources(null, overrides), environment);

    [Fact]
    public void Issue14_kubernetes_bootstrap_defaults_are_akka_managements_and_our_label()
    {
        var loaded = Load(_ => null, "actortrap.cluster.discovery = kubernetes", Postgres);
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        var cluster = loaded.Settings.Cluster;
        Assert.Equal(ClusterDiscovery.Kubernetes, cluster.Discovery);
        Assert.Equal(new KubernetesBootstrapOptions(8558, "app=actortrap", 2, ""), cluster.Kubernetes);
        Assert.False(cluster.Alone);
    }

    [Fact]
    public void Issue14_the_pods_variables_set_discovery_hostname_port_and_namespace()
    {
        var variables = new Dictionary<string, string>
        {
            ["ACTORTRAP_CLUSTER_DISCOVERY"] = "kubernetes",
            ["ACTORTRAP_CLUSTER_HOSTNAME"] = "10.244.1.7",
            ["ACTORTRAP_CLUSTER_PORT"] = "4053",
            ["POD_NAMESPACE"] = "actortrap",
        };
        var loaded = Load(variables.GetValueOrDefault, Postgres);
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        var cluster = loaded.Settings.Cluster;
        Assert.Equal((ClusterDiscovery.Kubernetes, "10.244.1.7", 4053, "actortrap"),
            (cluster.Discovery, cluster.Hostname, cluster.Port, cluster.Kubernetes.PodNamespace));
    }

    [Theory]
    [InlineData("actortrap.cluster.kubernetes.pod-namespace = \"Mail_Ns\"", "actortrap.cluster.kubernetes.pod-namespace: \"Mail_Ns\" is not a Kubernetes namespace")]
    [InlineData("actortrap.cluster.kubernetes.pod-namespace = \"-mail\"", "is not a Kubernetes namespace")]
    [InlineData("actortrap.cluster.kubernetes.management-port = 4053", "actortrap.cluster.kubernetes.management-port: must differ from actortrap.cluster.port (4053)")]
    [InlineData("actortrap.cluster.kubernetes.pod-label-selector = \"\"", "actortrap.cluster.kubernetes.pod-label-selector: must select this cluster's pods")]
    [InlineData("actortrap.cluster.seed-nodes = [\"10.0.0.5:4053\"]", "set either seed-nodes or discovery = kubernetes, not both")]
    public void Issue14_a_bad_kubernetes_setting_stops_start_up_naming_the_key(string assignment, string expected)
    {
        var loaded = Load(_ => null, "actortrap.cluster.discovery = kubernetes", "actortrap.cluster.port = 4053", Postgres, assignment);
        Assert.Null(loaded.Settings);
        Assert.Contains(expected, string.Join("\n", loaded.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Issue14_kubernetes_discovery_with_the_sqlite_store_is_refused()
    {
        var loaded = Load(_ => null, "actortrap.cluster.discovery = kubernetes");
        Assert.Null(loaded.Settings);
        Assert.Contains("a cluster needs the postgres store", string.Join("\n", loaded.Errors), StringComparison.Ordinal);
    }
}

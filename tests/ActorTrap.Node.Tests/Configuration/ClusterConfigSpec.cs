using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Actors;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary><c>actortrap.cluster</c>: defaults, seed nodes, the store a cluster needs, and what Akka is handed.</summary>
public sealed class ClusterConfigSpec
{
    private const string Postgres = "actortrap.reputation.postgres.connection-string=\"Host=db;Username=a;Password=secret;Database=a\"";

    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), _ => null);

    [Fact]
    public void Default_is_a_cluster_of_one_on_loopback_and_a_free_port_with_akkas_split_brain_defaults()
    {
        var cluster = Load().Settings!.Cluster;
        Assert.True(cluster.Alone);
        Assert.Equal(("127.0.0.1", 0, "keep-majority", TimeSpan.FromSeconds(20)), (cluster.Hostname, cluster.Port, cluster.SplitBrainStrategy, cluster.StableAfter));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), (cluster.HeartbeatInterval, cluster.AcceptableHeartbeatPause));
    }

    [Fact]
    public void Seed_nodes_as_host_port_become_akka_addresses()
    {
        var loaded = Load(Postgres, "actortrap.cluster.port=4053", "actortrap.cluster.seed-nodes=[\"10.0.0.5:4053\", \"[2001:db8::7]:4053\", \"akka.tcp://actortrap@mx2.example:4053\"]");
        Assert.Empty(loaded.Errors);
        Assert.Equal(["akka.tcp://actortrap@10.0.0.5:4053", "akka.tcp://actortrap@[2001:db8::7]:4053", "akka.tcp://actortrap@mx2.example:4053"],
            loaded.Settings!.Cluster.SeedNodes);
        Assert.False(loaded.Settings.Cluster.Alone);
    }

    [Fact]
    public void Seed_nodes_with_the_sqlite_store_are_refused_naming_the_store()
    {
        var loaded = Load("actortrap.cluster.seed-nodes=[\"10.0.0.5:4053\"]");
        var error = Assert.Single(loaded.Errors);
        Assert.Contains("actortrap.cluster.seed-nodes", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("postgres store", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("actortrap.cluster.seed-nodes=[\"10.0.0.5\"]", "is not a seed node")]
    [InlineData("actortrap.cluster.seed-nodes=[\"akka.tcp://other@10.0.0.5:4053\"]", "is not a seed node")]
    [InlineData("actortrap.cluster.seed-nodes=[\"10.0.0.5:99999\"]", "is not a seed node")]
    [InlineData("actortrap.cluster.split-brain.strategy=static-quorum", "is not a split-brain strategy")]
    [InlineData("actortrap.cluster.discovery=consul", "is not a discovery method")]
    [InlineData("actortrap.cluster.failure-detector.acceptable-heartbeat-pause=500ms", "must be longer than heartbeat-interval")]
    [InlineData("actortrap.cluster.port=70000", "between 0 and 65535")]
    public void Bad_cluster_settings_are_refused_with_the_fix(string setting, string message)
    {
        var loaded = Load(Postgres, setting);
        Assert.Contains(loaded.Errors, e => e.ToString().Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Akka_is_handed_the_cluster_provider_remoting_seeds_resolver_and_serializer_and_an_explicit_akka_key_wins()
    {
        var settings = Load(Postgres, "actortrap.cluster.port=4053", "actortrap.cluster.seed-nodes=[\"10.0.0.5:4053\"]",
            "actortrap.cluster.split-brain.stable-after=7s", "akka.cluster.split-brain-resolver.active-strategy=keep-oldest").Settings!;
        var config = NodeActorSystem.Config(settings.Actors, settings.Cluster);
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal(4053, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://actortrap@10.0.0.5:4053"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.down-removal-margin"));
        var akkasOwn = NodeActorSystem.Config(settings.Actors, Load(Postgres, "actortrap.cluster.split-brain.down-removal-margin=0s").Settings!.Cluster);
        Assert.Equal("off", akkasOwn.GetString("akka.cluster.down-removal-margin"));
        Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Contains("SplitBrainResolverProvider", config.GetString("akka.cluster.downing-provider-class"), StringComparison.Ordinal);
        Assert.Equal("actortrap-reputation", config.GetString("akka.actor.serialization-bindings.\"ActorTrap.Node.Reputation.Sharding.IReputationWire, ActorTrap.Node\""));
        // A command-line tool's actor system (lookup) stays local.
        Assert.NotEqual("cluster", NodeActorSystem.Config(settings.Actors).GetString("akka.actor.provider", "local"));
    }
}

using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation.Cluster;

namespace ActorTrap.Node.Tests.Reputation.Cluster;

/// <summary>Issue 17: members compare one hash of the settings that should agree across a cluster.</summary>
public sealed class AgreedSettingsSpec
{
    private static NodeSettings Settings(params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, overrides), _ => null);
        Assert.Empty(loaded.Errors);
        return loaded.Settings!;
    }

    [Fact]
    public void Members_with_the_same_shared_settings_have_the_same_hash_whatever_else_differs() =>
        Assert.Equal(AgreedSettings.Of(Settings("actortrap.node.name=a", "actortrap.smtp.max-commands=20")),
            AgreedSettings.Of(Settings("actortrap.node.name=b", "actortrap.smtp.max-commands=30")));

    [Theory]
    [InlineData("actortrap.reputation.allow=[\"192.0.2.0/24\"]")]
    [InlineData("actortrap.reputation.list-threshold=4")]
    [InlineData("actortrap.smtp.sins.no-quit=2")]
    [InlineData("actortrap.dnsbl.threshold=2")]
    [InlineData("actortrap.publish.udp-feed.min-reporters=3")]
    [InlineData("actortrap.publish.udp-feed.window=12h")]
    [InlineData("actortrap.dnsbl.zones=[{zone=\"bl.example\", weight=2, codes=\"127.0.0.2\", txt=false}]")]
    public void A_weight_threshold_or_allow_list_of_its_own_changes_the_hash(string setting) =>
        Assert.NotEqual(AgreedSettings.Of(Settings()), AgreedSettings.Of(Settings(setting)));

    [Fact]
    public void A_reload_updates_what_the_node_advertises()
    {
        var agreed = new AgreedSettings(Settings());
        var before = agreed.Get();
        agreed.Update(Settings("actortrap.reputation.soft-cap=1"));
        Assert.NotEqual(before, agreed.Get());
        Assert.Equal(12, agreed.Get().Length);
    }
}

using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary>Issue 17: what a reload may apply, and how it tells which keys changed.</summary>
public sealed class ReloadableKeysSpec
{
    private static Hocon.HoconConfig Effective(params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, overrides), _ => null);
        Assert.Empty(loaded.Errors);
        return loaded.Effective!;
    }

    [Fact]
    public void The_same_configuration_has_no_changed_key()
    {
        Assert.Empty(ReloadableKeys.Changed(Effective("actortrap.smtp.traps.domains=[\"trap.example\"]"), Effective("actortrap.smtp.traps.domains=[\"trap.example\"]")));
    }

    [Fact]
    public void A_zone_weight_changed_inside_the_list_of_zones_is_a_change_of_that_list()
    {
        const string Zones = "actortrap.dnsbl.zones=[{{zone=\"bl.example\", weight={0}, codes=\"127.0.0.2\", txt=false}}]";
        var changed = ReloadableKeys.Changed(Effective(string.Format(null, Zones, 1)), Effective(string.Format(null, Zones, 2)));
        Assert.Equal(["actortrap.dnsbl.zones"], changed);
        Assert.True(ReloadableKeys.IsReloadable(changed[0]));
    }

    [Fact]
    public void Scalars_and_lists_of_scalars_are_compared_by_value()
    {
        var changed = ReloadableKeys.Changed(
            Effective("actortrap.reputation.allow=[\"192.0.2.0/24\"]", "actortrap.smtp.max-commands=20"),
            Effective("actortrap.reputation.allow=[\"198.51.100.0/24\"]", "actortrap.smtp.max-commands=30"));
        Assert.Equal(["actortrap.reputation.allow", "actortrap.smtp.max-commands"], changed);
    }

    [Theory]
    [InlineData("actortrap.dnsbl.zones", true)]
    [InlineData("actortrap.dnsbl.threshold", true)]
    [InlineData("actortrap.smtp.traps.addresses", true)]
    [InlineData("actortrap.smtp.sins.no-quit", true)]
    [InlineData("actortrap.reputation.list-threshold", true)]
    [InlineData("actortrap.publish.udp-feed.key", true)]
    [InlineData("actortrap.publish.udp-feed.key-id", true)]
    [InlineData("actortrap.publish.udp-feed.reporters.det-a.key", true)]
    [InlineData("actortrap.publish.udp-feed.reporters.det-a.revoked", true)]
    [InlineData("actortrap.publish.udp-feed.min-reporters", false)]
    [InlineData("actortrap.smtp.sins.highest-mx", false)]
    [InlineData("actortrap.smtp.listen", false)]
    [InlineData("actortrap.data-dir", false)]
    [InlineData("actortrap.reputation.store", false)]
    [InlineData("actortrap.cluster.seed-nodes", false)]
    [InlineData("actortrap.dnsbl.self-test-interval", false)]
    [InlineData("actortrap.smtp.trapsx", false)]
    public void Only_the_settings_their_owners_take_at_run_time_reload(string key, bool reloadable) =>
        Assert.Equal(reloadable, ReloadableKeys.IsReloadable(key));
}

using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Tests.Configuration;

/// <summary><c>actortrap.traps</c> (issue 18): off by default, every mistake named by its key, secrets never printed.</summary>
public sealed class TrapsSettingsSpec
{
    private const string Key = "actortrap.traps.page.keys=[{id = 1, secret = \"trap-secret-0123456789abcdef\"}]";

    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), _ => null);

    private static string Errors(LoadedConfig loaded) => string.Join("\n", loaded.Errors);

    [Fact]
    public void Reference_serves_no_page_opens_no_token_and_publishes_no_harvester()
    {
        var s = Load().Settings!;
        Assert.False(s.Traps.Page.PageEnabled);
        Assert.False(s.Traps.Page.TokensEnabled);
        Assert.False(s.Traps.Harvesters.Block);
        Assert.False(s.Publish.Dns.PublishHarvesters);
        Assert.Equal(IPAddress.Parse("127.0.0.20"), s.Publish.Dns.Codes.For(ListingClass.Harvester));
        Assert.Contains(s.Traps.Harvesters.NeverList, n => n.Contains(IPAddress.Parse("10.1.2.3")));
        Assert.Equal(("/contact", TimeSpan.FromHours(1), TimeSpan.FromDays(30)), (s.Traps.Page.Path, s.Traps.Page.Bucket, s.Traps.Page.MaxAge));
    }

    [Fact]
    public void Page_with_domain_and_key_is_on_and_block_reaches_the_publishers()
    {
        var s = Load("actortrap.traps.page.listen=\"127.0.0.1:8080\"", "actortrap.traps.page.domains=[\"Trap.Example.org\"]", Key,
            "actortrap.traps.page.current-key=1", "actortrap.traps.harvesters.block=on").Settings!;
        Assert.True(s.Traps.Page.PageEnabled);
        Assert.Equal(["trap.example.org"], s.Traps.Page.Domains);
        Assert.True(s.Publish.Dns.PublishHarvesters);
        Assert.DoesNotContain("trap-secret", s.Traps.Page.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("actortrap.traps.page.keys", "actortrap.traps.page.listen=\"127.0.0.1:8080\"", "actortrap.traps.page.domains=[\"trap.example.org\"]")]
    [InlineData("actortrap.traps.page.domains", "actortrap.traps.page.listen=\"127.0.0.1:8080\"", Key, "actortrap.traps.page.current-key=1")]
    [InlineData("actortrap.traps.page.current-key", "actortrap.traps.page.domains=[\"trap.example.org\"]", Key)]
    [InlineData("actortrap.traps.page.current-key", "actortrap.traps.page.domains=[\"trap.example.org\"]", Key, "actortrap.traps.page.current-key=2")]
    [InlineData("actortrap.traps.page.keys[0].secret", "actortrap.traps.page.domains=[\"trap.example.org\"]", "actortrap.traps.page.keys=[{id = 1, secret = \"short\"}]", "actortrap.traps.page.current-key=1")]
    [InlineData("actortrap.traps.page.path", "actortrap.traps.page.path=\"contact\"")]
    [InlineData("actortrap.traps.page.bucket", "actortrap.traps.page.bucket=90s")]
    [InlineData("actortrap.publish.dns.codes.harvester", "actortrap.publish.dns.codes.harvester=\"127.0.0.1\"")]
    public void Mistake_stops_start_up_naming_its_key(string key, params string[] overrides)
    {
        var loaded = Load(overrides);
        Assert.Null(loaded.Settings);
        Assert.Contains(loaded.Errors, e => e.ToString().Contains(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Printed_configuration_shows_key_ids_not_secrets()
    {
        var loaded = Load("actortrap.traps.page.domains=[\"trap.example.org\"]", Key, "actortrap.traps.page.current-key=1");
        Assert.True(loaded.Errors.Count == 0, Errors(loaded));
        var rendered = loaded.Render();
        Assert.DoesNotContain("trap-secret", rendered, StringComparison.Ordinal);
        Assert.Contains("<redacted secret>", rendered, StringComparison.Ordinal);
    }
}

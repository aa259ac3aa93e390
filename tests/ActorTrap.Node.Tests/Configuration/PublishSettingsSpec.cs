using System.Net;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Tests.Configuration;

public sealed class PublishSettingsSpec
{
    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), _ => null);

    private static string Errors(LoadedConfig loaded) => string.Join("\n", loaded.Errors);

    [Fact]
    public void Reference_turns_every_publisher_off_but_the_http_feed()
    {
        var p = Load().Settings!.Publish;

        Assert.False(p.Dns.Enabled);
        Assert.False(p.Rbldnsd.Enabled);
        Assert.True(p.HttpFeed.Enabled);
        Assert.Null(p.UdpFeed.Collector);
        Assert.Null(p.UdpFeed.Listen);
        Assert.Null(p.UdpFeed.Key);
        Assert.Equal(TimeSpan.FromSeconds(1), p.PollInterval);
        Assert.Equal((TimeSpan.FromMinutes(35), TimeSpan.FromSeconds(60)), (p.Dns.Ttl, p.Dns.NegativeTtl));
        Assert.Equal(IPAddress.Parse("127.0.0.3"), p.Dns.Codes.For(ListingClass.Trap));
        Assert.Equal((1000, 2000), (p.Dns.RateLimitPerSecond, p.Dns.RateLimitBurst));
        Assert.Equal(TimeSpan.FromMinutes(1), p.Rbldnsd.MinInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), p.UdpFeed.ReplayWindow);
    }

    [Fact]
    public void Zone_names_the_apex_records_when_they_are_not_given()
    {
        var dns = Load("actortrap.publish.dns.zone=\"BL.Example.org.\"", "actortrap.publish.dns.listen=[\"0.0.0.0:53\", \"[::]:53\"]").Settings!.Publish.Dns;

        Assert.Equal("bl.example.org", dns.Zone);
        Assert.Equal(["ns.bl.example.org"], dns.Nameservers);
        Assert.Equal("hostmaster.bl.example.org", dns.Hostmaster);
        Assert.Equal([new IPEndPoint(IPAddress.Any, 53), new IPEndPoint(IPAddress.IPv6Any, 53)], dns.Listen);
    }

    [Theory]
    [InlineData("actortrap.publish.dns.listen=[\"127.0.0.1:5353\"]", "actortrap.publish.dns.zone: the responder listens, so it needs the zone")]
    [InlineData("actortrap.publish.dns.zone=\"not a zone\"", "is not a domain name")]
    [InlineData("actortrap.publish.dns.listen=[\"localhost:53\"]", "is not an IP address")]
    [InlineData("actortrap.publish.dns.codes.trap=\"127.0.0.1\"", "actortrap.publish.dns.codes.trap: \"127.0.0.1\" is not a DNSBL return code")]
    [InlineData("actortrap.publish.dns.codes.behaviour=\"127.255.255.254\"", "127.255.255.x")]
    [InlineData("actortrap.publish.dns.codes.manual=\"10.0.0.2\"", "127.0.0.0/8")]
    [InlineData("actortrap.publish.dns.txt=\"listed: {why}\"", "unknown placeholder {why}")]
    [InlineData("actortrap.publish.dns.txt=\"$1 listed\"", "rbldnsd substitution variable")]
    [InlineData("actortrap.publish.dns.txt=\"caf\u00e9\"", "printable ASCII")]
    [InlineData("actortrap.publish.dns.hostmaster=\"me@example.org\"", "domain form")]
    [InlineData("actortrap.publish.dns.rate-limit=-1", "between 0 and")]
    [InlineData("actortrap.publish.udp-feed.collector=\"127.0.0.1:7625\"", "actortrap.publish.udp-feed.key: this node sends to a collector, so it needs its reporter key")]
    [InlineData("actortrap.publish.udp-feed.collector=\"127.0.0.1:7625\"", "actortrap.publish.udp-feed.key-id: this node sends to a collector, so it needs the key id")]
    [InlineData("actortrap.publish.udp-feed.key-id=\"Det.A\"", "is not a key id")]
    [InlineData("actortrap.publish.udp-feed.listen=\"127.0.0.1:7625\"", "actortrap.publish.udp-feed.reporters: this node collects, so it needs at least one reporter")]
    [InlineData("actortrap.publish.udp-feed.reporters.det-a.key=\"short\"", "actortrap.publish.udp-feed.reporters.det-a.key: must be at least 16 characters")]
    [InlineData("actortrap.publish.udp-feed.reporters.det-a.weight=2", "reporters.det-a.weight: must be above 0 and at most 1")]
    [InlineData("actortrap.publish.udp-feed.reporters.det-a.trustd=on", "reporters.det-a.trustd: unknown key")]
    [InlineData("actortrap.publish.udp-feed.reporters.Det_A.key=\"0123456789abcdef0123\"", "\"Det_A\" is not a key id")]
    [InlineData("actortrap.publish.udp-feed.min-reporters=0", "min-reporters: must be between 1 and 16")]
    [InlineData("actortrap.publish.udp-feed.key=\"short\"", "at least 16 characters")]
    [InlineData("actortrap.publish.udp-feed.collector=\"127.0.0.1\"", "needs a port")]
    [InlineData("actortrap.publish.poll-interval=10ms", "between 100ms and 10m")]
    public void Invalid_publishing_values_are_rejected_with_the_key_and_the_fix(string assignment, string expected)
    {
        var loaded = Load(assignment);

        Assert.Null(loaded.Settings);
        Assert.Contains(expected, Errors(loaded), StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_key_comes_from_the_environment_and_is_never_rendered()
    {
        const string key = "0123456789abcdef-feed-key-from-env";
        var loaded = NodeConfig.Load(new ConfigSources(null, ["actortrap.publish.udp-feed.collector=\"127.0.0.1:7625\""]),
            name => name switch { "ACTORTRAP_FEED_KEY" => key, "ACTORTRAP_FEED_KEY_ID" => "det-a", _ => null });

        Assert.True(loaded.Errors.Count == 0, Errors(loaded));
        Assert.Equal(Encoding.UTF8.GetBytes(key), loaded.Settings!.Publish.UdpFeed.Key);
        Assert.Equal("det-a", loaded.Settings.Publish.UdpFeed.KeyId);
        Assert.DoesNotContain(key, loaded.Render(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, loaded.Settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Collector_reporters_bind_by_key_id_with_their_defaults_and_their_keys_are_never_rendered_issue_18()
    {
        const string keyA = "det-a-secret-0123456789abcdef";
        const string keyB = "det-b-secret-0123456789abcdef";
        var loaded = NodeConfig.Load(new ConfigSources(null, [
            "actortrap.publish.udp-feed.listen=\"127.0.0.1:0\"",
            "actortrap.publish.udp-feed.reporters { det-a { key = ${?KEY_A} }, det-b { key = \"" + keyB + "\", trusted = on, weight = 0.5, max-new-per-minute = 20, revoked = on } }",
        ]), name => name == "KEY_A" ? keyA : null);

        Assert.True(loaded.Errors.Count == 0, Errors(loaded));
        var feed = loaded.Settings!.Publish.UdpFeed;
        Assert.Equal((2, TimeSpan.FromHours(24)), (feed.MinReporters, feed.Window));
        var a = feed.Reporters[0];
        var b = feed.Reporters[1];
        Assert.Equal(("det-a", false, 1.0, 100, false), (a.Id, a.Trusted, a.Weight, a.MaxNewPerMinute, a.Revoked));
        Assert.Equal(("det-b", true, 0.5, 20, true), (b.Id, b.Trusted, b.Weight, b.MaxNewPerMinute, b.Revoked));
        Assert.Equal(Encoding.UTF8.GetBytes(keyA), a.Key);
        foreach (var text in new[] { loaded.Render(), loaded.Settings.ToString() })
        {
            Assert.DoesNotContain(keyA, text, StringComparison.Ordinal);
            Assert.DoesNotContain(keyB, text, StringComparison.Ordinal);
        }

        Assert.Contains("<redacted>", loaded.Render(), StringComparison.Ordinal);
    }
}

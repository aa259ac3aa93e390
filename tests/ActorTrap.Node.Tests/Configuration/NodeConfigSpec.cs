using System.Net;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Configuration;

public sealed class NodeConfigSpec
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), NoEnvironment);

    private static string Errors(LoadedConfig loaded) => string.Join("\n", loaded.Errors);

    [Fact]
    public void Reference_alone_binds_to_the_documented_defaults()
    {
        var loaded = Load();
        Assert.True(loaded.Errors.Count == 0, Errors(loaded));
        var s = loaded.Settings!;
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9110), s.Admin.Listen);
        Assert.Null(s.Admin.Token);
        Assert.Equal(100, s.Actors.Throughput);
        Assert.Equal(TimeSpan.FromSeconds(5), s.Actors.AskTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), s.Dns.Timeout);
        Assert.Equal(1, s.Dns.Retries);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 53)], s.Dns.Servers);
        Assert.Equal(1, s.Dnsbl.Threshold);
        Assert.Collection(s.Dnsbl.Zones,
            z => Assert.Equal(("all.rbl.jp", true, "127.0.0.[2..255]"), (z.Zone, z.Enabled, z.Codes)),
            z => Assert.Equal(("relays.ordb.org", false), (z.Zone, z.Enabled)));
    }

    [Fact]
    public void Empty_node_name_means_the_machine_name()
    {
        Assert.Equal(Environment.MachineName, Load().Settings!.Node.Name);
    }

    [Fact]
    public void Environment_variable_named_in_the_reference_overrides_the_default()
    {
        var loaded = NodeConfig.Load(ConfigSources.ReferenceOnly, name => name == "ACTORTRAP_ADMIN_LISTEN" ? "127.0.0.2:9999" : null);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 9999), loaded.Settings!.Admin.Listen);
    }

    [Fact]
    public void Set_override_wins_over_the_environment()
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, ["actortrap.node.name=from-set"]), name => name == "ACTORTRAP_NODE_NAME" ? "from-env" : null);
        Assert.Equal("from-set", loaded.Settings!.Node.Name);
    }

    [Theory]
    [InlineData("actortrap.admin.listen=\"0.0.0.0:9110\"", "actortrap.admin.token must be set")]
    [InlineData("actortrap.admin.listen=\"[::]:9110\"", "actortrap.admin.token must be set")]
    [InlineData("actortrap.admin.token=short", "at least 16 characters")]
    [InlineData("actortrap.admin.listen=\"localhost:9110\"", "is not an IP address")]
    [InlineData("actortrap.admin.listen=\"::1:9110\"", "must be written in brackets")]
    [InlineData("actortrap.dns.servers=[]", "at least one name server")]
    [InlineData("actortrap.dns.servers=[\"127.0.0.1:0\"]", "port 0")]
    [InlineData("actortrap.dns.timeout=10ms", "between 50ms and 30s")]
    [InlineData("actortrap.actors.throughput=0", "between 1 and 10000")]
    [InlineData("actortrap.node.name=\"bad name\"", "letters, digits")]
    [InlineData("actortrap.dnsbl.threshold=0", "above 0")]
    [InlineData("actortrap.dnsbl.zones=[{zone=\"x..y\"}]", "not a domain name")]
    [InlineData("actortrap.dnsbl.zones=[{zone=a.example, codes=\"127.0.0\"}]", "four parts")]
    [InlineData("actortrap.dnsbl.zones=[{zone=a.example, codes=\"127.0.0.[9..2]\"}]", "not a number 0-255")]
    [InlineData("actortrap.dnsbl.zones=[{zone=a.example, weigth=2}]", "actortrap.dnsbl.zones[0].weigth: unknown key")]
    [InlineData("actortrap.dnsbl.zones=[{zone=a.example}, {zone=A.example.}]", "listed 2 times")]
    [InlineData("actortrap.dnsbl.zones=[{zone=a.example, weight=0}]", "non-zero")]
    public void Invalid_values_are_rejected_with_the_key_and_the_fix(string assignment, string expected)
    {
        var loaded = Load(assignment);
        Assert.Null(loaded.Settings);
        Assert.Contains(expected, Errors(loaded), StringComparison.Ordinal);
    }

    [Fact]
    public void Zone_defaults_apply_to_keys_left_out()
    {
        var zone = Assert.Single(Load("actortrap.dnsbl.zones=[{zone=bl.example}]").Settings!.Dnsbl.Zones);
        Assert.Equal(new DnsblZoneOptions("bl.example", 1, "127.0.0.[2..255]", true, true), zone);
    }

    [Fact]
    public void Every_error_is_collected_in_one_load()
    {
        var loaded = Load("actortrap.dns.timeout=forever", "actortrap.dns.retries=9", "actortrap.nope=1", "actortrap.actors.throughput=-1");
        Assert.Equal(4, loaded.Errors.Count);
    }

    [Fact]
    public void Unknown_key_suggests_the_closest_sibling_and_points_at_the_set_option()
    {
        var error = Assert.Single(Load("actortrap.dnsbl.treshold=2").Errors);
        Assert.StartsWith("--set:1:", error.Location, StringComparison.Ordinal);
        Assert.Contains("did you mean actortrap.dnsbl.threshold?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_section_is_reported_once_not_for_each_key_inside_it()
    {
        var loaded = Load("actortrap.smpt { hold = 5s, mode = drop }");
        var error = Assert.Single(loaded.Errors);
        Assert.Contains("unknown key actortrap.smpt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_outside_the_actortrap_root_are_the_users_own_and_may_feed_substitutions()
    {
        var loaded = Load("site { resolver = \"127.0.0.1:5353\" }", "actortrap.dns.servers=[${site.resolver}]");
        Assert.True(loaded.Errors.Count == 0, Errors(loaded));
        Assert.Equal(5353, loaded.Settings!.Dns.Servers[0].Port);
    }

    [Fact]
    public void Rendered_config_hides_the_admin_token()
    {
        var loaded = Load("actortrap.admin.token=\"0123456789abcdef0123\"");
        Assert.True(loaded.Errors.Count == 0, Errors(loaded));
        Assert.Equal("0123456789abcdef0123", loaded.Settings!.Admin.Token);
        Assert.DoesNotContain("0123456789abcdef0123", loaded.Render(), StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123", loaded.Settings.Admin.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Set_without_an_equals_sign_is_an_error()
    {
        Assert.Contains("expected key=value", Errors(Load("actortrap.dns.timeout")), StringComparison.Ordinal);
    }
}

public sealed class StoreSelectionSpec
{
    private const string Connection = "Host=127.0.0.1;Port=5499;Username=actortrap;Password=s3cret-pw;Database=actortrap";

    private static LoadedConfig Load(params string[] overrides) => NodeConfig.Load(new ConfigSources(null, overrides), _ => null);

    [Fact]
    public void No_store_configured_is_sqlite_under_the_data_directory()
    {
        var r = Load("actortrap.data-dir=\"/var/lib/actortrap-test\"").Settings!.Reputation;
        Assert.Equal((ReputationStoreKind.Sqlite, (string?)null, "/var/lib/actortrap-test"), (r.Store, r.PostgresConnectionString, r.DataDirectory));
    }

    [Theory]
    [InlineData("actortrap.reputation.postgres.connection-string")]
    [InlineData("actortrap.reputation.store.postgres.connection-string")]
    public void A_connection_string_under_either_spelling_joins_the_postgres_cluster_and_is_redacted(string key)
    {
        var loaded = Load($"{key}=\"{Connection}\"");
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        Assert.Equal((ReputationStoreKind.Postgres, Connection), (loaded.Settings!.Reputation.Store, loaded.Settings.Reputation.PostgresConnectionString));
        var rendered = loaded.Render();
        Assert.DoesNotContain("s3cret-pw", rendered, StringComparison.Ordinal);
        Assert.Contains("Host=127.0.0.1", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_connection_string_under_store_names_that_key()
    {
        var loaded = Load("actortrap.reputation.store.postgres.connection-string=\"Hots=x;;=\"");
        Assert.Null(loaded.Settings);
        Assert.Contains(loaded.Errors, e => e.ToString().Contains("actortrap.reputation.store.postgres.connection-string", StringComparison.Ordinal));
    }
}

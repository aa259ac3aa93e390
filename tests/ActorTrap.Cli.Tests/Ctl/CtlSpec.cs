using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorTrap.Cli.Tests.Ctl;

/// <summary>
/// <c>actortrap ctl</c> as an operator runs it: the real binary against a real node (see <see cref="CtlNode"/>), tables
/// by default, <c>--json</c> for scripts, one line on stderr and exit 1 (node) or 2 (usage) on errors.
/// </summary>
public sealed class CtlSpec(CtlNode fixture) : IClassFixture<CtlNode>
{
    private Task<(int ExitCode, string Stdout, string Stderr)> Ctl(params string[] args) =>
        ActorTrapProcess.RunAsync(["ctl", .. args], TimeSpan.FromSeconds(30), fixture.Environment);

    private static void AssertOneLineError(string stderr, string contains)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{stderr}");
        Assert.StartsWith("actortrap ctl: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(contains, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(CtlNode.Token, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actors_shows_the_smtp_and_resolver_actors_and_the_hold_pool_of_the_held_client_which_has_no_actor_of_its_own()
    {
        var (code, stdout, stderr) = await Ctl("actors");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"smtp\s+SessionsActor\s+\d+", stdout);
        Assert.Matches(@"resolver\s+ResolverActor\s+\d+", stdout);
        // ctl sessions names a held client by its pool and session id (/user/hold-N#id): the pool is the actor.
        var pool = fixture.HeldSessionPath[(fixture.HeldSessionPath.LastIndexOf('/') + 1)..fixture.HeldSessionPath.IndexOf('#')];
        Assert.Matches(pool + @"\s+HoldPool\s+\d+", stdout);
        Assert.DoesNotContain("session-", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actors_with_path_and_depth_shows_only_that_subtree()
    {
        var (code, stdout, stderr) = await Ctl("actors", "--path", "/user/smtp", "--depth", "0");
        Assert.True(code == 0, stderr);
        Assert.Contains("/user/smtp", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("resolver", stdout, StringComparison.Ordinal);
        Assert.Contains("1 actor(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_held_lists_the_held_client_and_an_ip_filter_outside_it_lists_nothing()
    {
        var held = await Ctl("sessions", "--held");
        var elsewhere = await Ctl("sessions", "--held", "--ip", "192.0.2.0/24");
        Assert.True(held.ExitCode == 0, held.Stderr);
        Assert.Matches(@"127\.0\.0\.2\s+holding", held.Stdout);
        Assert.Contains("1 session(s), 1 held", held.Stdout, StringComparison.Ordinal);
        Assert.True(elsewhere.ExitCode == 0, elsewhere.Stderr);
        Assert.Contains("0 session(s)", elsewhere.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_the_nodes_json_for_sessions_actors_and_stats()
    {
        var results = await Task.WhenAll(Ctl("sessions", "--held", "--ip", "127.0.0.2", "--json"), Ctl("actors", "--json"), Ctl("stats", "--json"));
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));

        var sessions = JsonDocument.Parse(results[0].Stdout).RootElement;
        Assert.Equal("127.0.0.2", Assert.Single(sessions.EnumerateArray()).GetProperty("client").GetString());
        var actors = JsonDocument.Parse(results[1].Stdout).RootElement;
        Assert.Contains(actors.GetProperty("children").EnumerateArray(), c => c.GetProperty("path").GetString() == "/user/smtp");
        var stats = JsonDocument.Parse(results[2].Stdout).RootElement;
        Assert.Equal(1, stats.GetProperty("smtp").GetProperty("held").GetInt32());
    }

    [Fact]
    public async Task Stats_shows_the_smtp_section_with_the_held_connection()
    {
        var (code, stdout, stderr) = await Ctl("stats");
        Assert.True(code == 0, stderr);
        Assert.Contains("SMTP", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^held\s+1\s*$", stdout);
        Assert.Matches(@"(?m)^connection cap\s+[\d,]+\s*$", stdout);
    }

    [Fact]
    public async Task Stats_shows_the_dns_reputation_and_publishing_sections_too()
    {
        var both = await Task.WhenAll(Ctl("stats"), Ctl("stats", "--json"));
        var ((code, stdout, stderr), json) = (both[0], both[1]);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("not served", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^DNS\s*$", stdout);
        Assert.Matches(@"(?m)^Reputation\s*$", stdout);
        Assert.Matches(@"(?m)^Publishing\s*$", stdout);
        Assert.Matches(@"(?m)^store\s+sqlite\s*$", stdout);
        var stats = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(["smtp", "dns", "reputation", "publish"], stats.EnumerateObject().Select(p => p.Name));
        Assert.True(stats.GetProperty("dns").GetProperty("queries").GetInt64() > 0);
        // The zone passed its RFC 5782 self-test against rbldnsd.
        Assert.Contains(stats.GetProperty("dns").GetProperty("zones").EnumerateArray(),
            z => z.GetProperty("zone").GetString() == CtlNode.Zone && z.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Cluster_show_lists_this_node_up_leading_and_running_the_chores_of_its_cluster_of_one_and_cluster_alone_is_show()
    {
        var all = await Task.WhenAll(Ctl("cluster", "show"), Ctl("cluster"), Ctl("cluster", "show", "--json"));
        var ((code, stdout, stderr), bare, json) = (all[0], all[1], all[2]);
        Assert.True(code == 0, stderr);
        var member = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.GetProperty("members").EnumerateArray());
        var address = member.GetProperty("address").GetString()!;
        Assert.Matches(@"^akka\.tcp://actortrap@127\.0\.0\.1:\d+$", address);
        Assert.Equal(("up", true, 1), (member.GetProperty("status").GetString(), member.GetProperty("self").GetBoolean(), member.GetProperty("held").GetInt32()));
        // Node, address, status, reachable, roles, leader, chores, admin address, held clients.
        Assert.Matches(CtlNode.Name + @" \*\s+" + Regex.Escape(address) + @"\s+up\s+yes\s+-\s+yes\s+yes\s+127\.0\.0\.1:" + fixture.Node.Admin.Port + @"\s+1\s", stdout);
        Assert.Contains($"1 member(s), 1 up, 0 unreachable; leader {CtlNode.Name}; chores on {CtlNode.Name}; this node (*): {CtlNode.Name}; store: sqlite",
            stdout, StringComparison.Ordinal);
        Assert.True(bare.ExitCode == 0, bare.Stderr);
        Assert.Equal(Rows(stdout), Rows(bare.Stdout));
    }

    [Fact]
    public async Task Cluster_leave_and_down_of_an_address_that_is_no_member_and_join_from_a_member_are_the_nodes_refusal_and_exit_1()
    {
        var all = await Task.WhenAll(Ctl("cluster", "leave", "127.0.0.1:1"), Ctl("cluster", "down", "akka.tcp://actortrap@127.0.0.1:1"), Ctl("cluster", "join", "127.0.0.1:1"));

        Assert.All(all, r => Assert.Equal(1, r.ExitCode));
        AssertOneLineError(all[0].Stderr, "akka.tcp://actortrap@127.0.0.1:1 is not a member of this node's cluster, so it cannot leave");
        AssertOneLineError(all[1].Stderr, "so it cannot down");
        AssertOneLineError(all[2].Stderr, "409 Conflict to /api/cluster/join: this node is already a member of a cluster");
    }

    [Fact]
    public async Task Shards_stats_lists_the_shard_of_the_visitor_with_its_entities_and_the_writer_that_took_its_verdict_and_shards_alone_is_stats()
    {
        var all = await Task.WhenAll(Ctl("shards", "stats"), Ctl("shards"), Ctl("shards", "stats", "--json"));
        var ((code, stdout, stderr), bare, json) = (all[0], all[1], all[2]);
        Assert.True(code == 0, stderr);
        var stats = JsonDocument.Parse(json.Stdout).RootElement;
        var shard = new ActorTrap.Node.Reputation.Sharding.ReputationExtractor(32).ShardOf(CtlNode.Visitor);
        // Other specs of this class look addresses up, and a lookup asks the address's entity (starting it): find the visitor's shard.
        var row = Assert.Single(stats.GetProperty("shards").EnumerateArray(), r => r.GetProperty("shard").GetInt32() == shard);
        // The visitor's entity, and the shard's intake that handed it the verdict.
        Assert.Equal(2, row.GetProperty("entities").GetInt32());
        Assert.Matches($@"(?m)^\s+{shard}\s+2\s+{CtlNode.Name}\s+akka\.tcp://actortrap@127\.0\.0\.1:\d+\s*$", stdout);
        Assert.Matches(@"\d+ of 32 shards allocated on 1 region\(s\), \d+ entities", stdout);
        Assert.Contains("This node's store writers", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+\d+\s+0\s+no\s+1\s+1\s", stdout);
        Assert.Contains($"{stats.GetProperty("writers").GetArrayLength()} writer(s), 0 verdict(s) pending, 1 taken since start", stdout, StringComparison.Ordinal);
        Assert.True(bare.ExitCode == 0, bare.Stderr);
        Assert.Equal(Rows(stdout), Rows(bare.Stdout));
    }

    [Fact]
    public async Task Shards_regions_shows_this_nodes_region_with_the_shard_it_hosts()
    {
        var both = await Task.WhenAll(Ctl("shards", "regions"), Ctl("shards", "regions", "--json"));
        var ((code, stdout, stderr), json) = (both[0], both[1]);
        Assert.True(code == 0, stderr);
        var region = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.GetProperty("regions").EnumerateArray());
        var shard = new ActorTrap.Node.Reputation.Sharding.ReputationExtractor(32).ShardOf(CtlNode.Visitor);
        Assert.True(region.GetProperty("self").GetBoolean());
        Assert.Matches(CtlNode.Name + @" \*\s+akka\.tcp://actortrap@127\.0\.0\.1:\d+\s+1\s+2\s+" + shard + @": 2\s+-", stdout);
        Assert.Contains("1 region(s) (* this node); 1 shard(s) of 32 allocated, 2 entities", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actors_reaches_the_shard_region_under_system_with_the_visitors_entity()
    {
        var (code, stdout, stderr) = await Ctl("actors", "--path", "/system/sharding/reputation");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"/system/sharding/reputation\s+ShardRegion\s+\d+", stdout);
        Assert.Matches(@"127\.0\.0\.3\s+ReputationEntity\s+\d+", stdout);
    }

    /// <summary>A command's output without the ages that move between two runs, and so without the padding they change.</summary>
    private static string Rows(string stdout) =>
        Regex.Replace(Regex.Replace(Regex.Replace(stdout, @"\d+(\.\d+)?[smhd]( \d+[smh])?", "AGE"), "[ \t]+", " "), "─+", "─");

    [Fact]
    public async Task Lookup_shows_the_dnsbl_listing_of_an_address_our_own_list_does_not_hold()
    {
        var both = await Task.WhenAll(Ctl("lookup", "127.0.0.2"), Ctl("lookup", "127.0.0.2", "--json"));
        var ((code, stdout, stderr), json) = (both[0], both[1]);
        Assert.True(code == 0, stderr);
        Assert.Matches(@"(?m)^listed\s+no\s*$", stdout);
        Assert.Matches(@"(?m)^dnsbl\.listed\s+yes\s*$", stdout);
        Assert.Matches(@"bl\.ctl\.test\s+listed\s+1\s+127\.0\.0\.2\s+Listed by the ctl zone: 127\.0\.0\.2", stdout);
        var record = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, record.GetProperty("listing").ValueKind);
        Assert.True(record.GetProperty("dnsbl").GetProperty("listed").GetBoolean());
    }

    [Fact]
    public async Task Watch_refreshes_until_the_count_is_reached_and_exits_0()
    {
        var (code, stdout, stderr) = await Ctl("sessions", "--held", "--watch", "--count", "2", "--json");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal(1, JsonDocument.Parse(l).RootElement.GetArrayLength()));
    }

    [Fact]
    public async Task Options_win_over_the_environment()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(
            ["ctl", "sessions", "--held", "--admin", fixture.Node.Admin.ToString(), "--token", CtlNode.Token], TimeSpan.FromSeconds(30),
            new Dictionary<string, string?> { ["ACTORTRAP_ADMIN"] = "http://127.0.0.1:1", ["ACTORTRAP_ADMIN_TOKEN"] = "wrong" });
        Assert.True(code == 0, stderr);
        Assert.Contains("127.0.0.2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_token_is_one_line_on_stderr_and_exit_1()
    {
        var (code, stdout, stderr) = await Ctl("actors", "--token", "not-the-token");
        Assert.Equal(1, code);
        AssertOneLineError(stderr, "refused the token (401");
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Missing_token_says_which_option_or_variable_supplies_it()
    {
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(["ctl", "stats"], TimeSpan.FromSeconds(30),
            new Dictionary<string, string?> { ["ACTORTRAP_ADMIN"] = fixture.Node.Admin.ToString() });
        Assert.Equal(1, code);
        AssertOneLineError(stderr, "ACTORTRAP_ADMIN_TOKEN");
    }

    [Fact]
    public async Task Unreachable_node_is_one_line_on_stderr_and_exit_1()
    {
        var (code, _, stderr) = await Ctl("sessions", "--admin", $"127.0.0.1:{ClosedPort()}");
        Assert.Equal(1, code);
        AssertOneLineError(stderr, "connection refused");
    }

    [Theory]
    [InlineData("sessions", "--ip", "10.0.0.0/33")]
    [InlineData("sessions", "--ip", "not-an-address")]
    [InlineData("lookup", "300.1.2.3")]
    [InlineData("list", "192.0.2.7/24", "--reason", "typo")]
    [InlineData("list", "192.0.2.7")]
    [InlineData("actors", "--depth", "deep")]
    [InlineData("actors", "--no-such-option")]
    [InlineData("sessions", "--admin", "ftp://127.0.0.1:9110")]
    [InlineData("cluster", "leave", "nonsense")]
    [InlineData("cluster", "down", "akka.tcp://otherSystem@127.0.0.1:4053")]
    [InlineData("cluster", "join", "127.0.0.1")]
    [InlineData("cluster", "down")]
    [InlineData("shards", "owners")]
    [InlineData("feed", "senders")]
    public async Task Bad_input_from_the_user_is_one_line_on_stderr_and_exit_2(params string[] args)
    {
        var (code, _, stderr) = await Ctl(args);
        Assert.Equal(2, code);
        AssertOneLineError(stderr, "");
    }

    [Fact]
    public async Task Missing_actor_path_is_the_nodes_error_and_exit_1()
    {
        var (code, _, stderr) = await Ctl("actors", "--path", "/user/nobody");
        Assert.Equal(1, code);
        AssertOneLineError(stderr, "no actor at /user/nobody");
    }

    /// <summary>
    /// A node without an endpoint answers 404 with no body: the command names the path it needs. A base path under
    /// which the node serves nothing stands for an older node, so this holds whichever stages this build has.
    /// </summary>
    [Theory]
    [InlineData("api/cluster", "cluster")]
    [InlineData("api/cluster", "cluster", "show")]
    [InlineData("api/cluster/leave", "cluster", "leave", "127.0.0.1:4053")]
    [InlineData("api/cluster/down", "cluster", "down", "127.0.0.1:4053")]
    [InlineData("api/cluster/join", "cluster", "join", "127.0.0.1:4053")]
    [InlineData("api/shards/stats", "shards")]
    [InlineData("api/shards/regions", "shards", "regions")]
    [InlineData("api/lookup/192.0.2.7", "lookup", "192.0.2.7")]
    [InlineData("api/list", "list", "192.0.2.7", "--reason", "spam run")]
    [InlineData("api/delist", "delist", "192.0.2.0/24", "--reason", "false positive")]
    [InlineData("api/sessions", "sessions")]
    [InlineData("api/feed/reporters", "feed")]
    [InlineData("api/feed/reporters", "feed", "reporters")]
    public async Task Endpoint_the_node_does_not_serve_is_named_in_one_line_and_exit_1(string path, params string[] args)
    {
        var (code, _, stderr) = await Ctl([.. args, "--admin", new Uri(fixture.Node.Admin, "/older-node/").ToString()]);
        Assert.Equal(1, code);
        AssertOneLineError(stderr, $"this node does not serve /{path} yet");
    }

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port; // closed when disposed: nothing listens there
    }

    [Fact]
    public async Task Feed_reporters_on_a_node_that_collects_nothing_says_so_and_exits_0_issue_18()
    {
        var (code, stdout, stderr) = await Ctl("feed", "reporters");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("this node collects no UDP feed", stdout + stderr, StringComparison.Ordinal);
    }
}

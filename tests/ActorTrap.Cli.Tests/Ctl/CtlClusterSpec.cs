using System.Text.Json;
using ActorTrap.Cli.Tests.EndToEnd;

namespace ActorTrap.Cli.Tests.Ctl;

/// <summary>
/// <c>ctl cluster</c> and <c>ctl shards regions</c> on a real cluster (issue 14): four <c>actortrap run</c> processes
/// on one throwaway PostgreSQL, three joined by a seed and one stuck on a seed that does not exist. Through the
/// seed's admin API one member is made to leave (its process exits 0) and one is downed (exit 3); the stuck node is
/// told to join (through its own admin API), and the seed then lists itself and that node.
/// </summary>
public sealed class CtlClusterSpec(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Token = "ctl-cluster-token-3b9e07d1f4";
    private static readonly TimeSpan Exiting = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("actortrap-ctl-cluster-");
    private readonly List<RunningNode> nodes = [];
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        connectionString = await postgres.DatabaseAsync("ctl_cluster");
        var seed = await StartAsync(0, []);
        nodes.Add(seed);
        var address = await AkkaAddressAsync(seed);
        nodes.AddRange(await Task.WhenAll(StartAsync(1, [address]), StartAsync(2, [address]), StartAsync(3, ["127.0.0.1:9"])));
    }

    public Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }

        work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private Task<RunningNode> StartAsync(int i, string[] seeds)
    {
        var task = RunningNode.StartAsync("127.0.0.1:9", "bl.ctl-cluster.test", settings:
        [
            $"actortrap.node.name=node-{i}",
            $"actortrap.data-dir=\"{Path.Combine(work.FullName, $"node-{i}")}\"",
            $"actortrap.reputation.postgres.connection-string=\"{connectionString}\"",
            $"actortrap.cluster.seed-nodes=[{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]",
            $"actortrap.admin.token=\"{Token}\"",
            "actortrap.actors.shutdown-timeout=5s",
        ]);
        return Started(task);

        async Task<RunningNode> Started(Task<RunningNode> starting)
        {
            var node = await starting;
            node.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            return node;
        }
    }

    /// <summary>The node's Akka address, as it logs it when it forms or joins a cluster.</summary>
    private static async Task<string> AkkaAddressAsync(RunningNode node) =>
        (await node.Process.WaitForOutputAsync(@"Joined the cluster as \S+ \((akka\.tcp://[^)]+)\)", TimeSpan.FromSeconds(30))).Groups[1].Value;

    private static Task<(int ExitCode, string Stdout, string Stderr)> Ctl(RunningNode node, params string[] args) =>
        ActorTrapProcess.RunAsync(["ctl", .. args], TimeSpan.FromSeconds(30),
            new Dictionary<string, string?> { ["ACTORTRAP_ADMIN"] = node.Admin.ToString(), ["ACTORTRAP_ADMIN_TOKEN"] = Token });

    /// <summary>Members by name; a member that did not answer (leaving, downed, not yet up) has no name and is keyed by its address.</summary>
    private static Dictionary<string, string> Members(JsonElement cluster) =>
        cluster.GetProperty("members").EnumerateArray().ToDictionary(
            m => m.GetProperty("name").GetString() ?? m.GetProperty("address").GetString()!, m => m.GetProperty("status").GetString()!);

    [Fact]
    public async Task Operator_sees_the_members_and_their_regions_makes_one_leave_downs_one_and_joins_a_stuck_node()
    {
        var (seed, leaving, downed, stuck) = (nodes[0], nodes[1], nodes[2], nodes[3]);
        await seed.WaitForJsonAsync("/api/cluster", c => Members(c).Count(m => m.Value == "up") == 3, TimeSpan.FromSeconds(30));
        await seed.WaitForJsonAsync("/api/shards/regions", r => r.GetProperty("regions").GetArrayLength() == 3, TimeSpan.FromSeconds(30));

        var show = await Ctl(seed, "cluster", "show");
        var regions = await Ctl(seed, "shards", "regions");
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Matches(@"node-0 \*\s+akka\.tcp://actortrap@127\.0\.0\.1:\d+\s+up\s+yes", show.Stdout);
        Assert.Matches(@"node-1\s+akka\.tcp://actortrap@127\.0\.0\.1:\d+\s+up\s+yes", show.Stdout);
        Assert.Contains("3 member(s), 3 up, 0 unreachable; leader ", show.Stdout, StringComparison.Ordinal);
        Assert.True(regions.ExitCode == 0, regions.Stderr);
        Assert.Contains("3 region(s) (* this node)", regions.Stdout, StringComparison.Ordinal);
        Assert.All(new[] { "node-0 *", "node-1", "node-2" }, n => Assert.Contains(n, regions.Stdout, StringComparison.Ordinal));

        // Leave, given as host:port: the member hands its shards over and its process ends cleanly.
        var leavingAddress = await AkkaAddressAsync(leaving);
        var leave = await Ctl(seed, "cluster", "leave", leavingAddress["akka.tcp://actortrap@".Length..]);
        Assert.True(leave.ExitCode == 0, leave.Stderr);
        Assert.Contains($"leave sent for {leavingAddress} (was up)", leave.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await leaving.Process.WaitForExitAsync(Exiting));

        // Down: removed without a hand-over; its process ends with the downed exit code.
        var down = await Ctl(seed, "cluster", "down", await AkkaAddressAsync(downed));
        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.Equal(3, await downed.Process.WaitForExitAsync(Exiting));

        // Join: the node stuck on an absent seed is told, through its own admin API, where the cluster is.
        Assert.DoesNotContain("node-3", Members(await seed.GetJsonAsync("/api/cluster")).Keys);
        var join = await Ctl(stuck, "cluster", "join", await AkkaAddressAsync(seed));
        Assert.True(join.ExitCode == 0, join.Stderr);
        Assert.Contains("join sent: this node (akka.tcp://actortrap@127.0.0.1:", join.Stdout, StringComparison.Ordinal);
        await seed.WaitForJsonAsync("/api/cluster", c => Members(c) is var m && m.Count == 2 && m.GetValueOrDefault("node-3") == "up", TimeSpan.FromSeconds(30));

        var after = await Ctl(seed, "cluster");
        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Contains("2 member(s), 2 up, 0 unreachable", after.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("node-1", after.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("node-2", after.Stdout, StringComparison.Ordinal);
    }
}

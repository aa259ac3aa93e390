using System.Globalization;
using System.Text.Json;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// <c>actortrap run</c> processes that form one Akka cluster from seed configuration: each node has a fixed remoting
/// port on loopback and every node lists all of them as seeds, so the first to start forms the cluster and the others
/// join, and a node started again (same name, data directory and port) rejoins. Node <c>i</c> is named
/// <c>node-i</c>; each is killed on dispose. With <c>ACTORTRAP_TEST_NODE_LOGS</c> set to a directory, the log of every
/// node process is written there when it is replaced or disposed (numbered in that order), to read after a failure.
/// </summary>
internal sealed class ClusterNodes : IDisposable
{
    /// <summary>The resolver's stable-after in <see cref="FastFailureDetection"/>.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The failure detector and split-brain resolver made fast for tests (never the shipped defaults): heartbeats every
    /// 500 ms, unreachable after 2 s of silence, the resolver acting once membership has been stable for 3 s, and a
    /// removed member's shards and singletons starting elsewhere 1 s after its removal.
    /// </summary>
    public static readonly IReadOnlyList<string> FastFailureDetection =
    [
        "actortrap.cluster.failure-detector.heartbeat-interval=500ms",
        "actortrap.cluster.failure-detector.acceptable-heartbeat-pause=2s",
        $"actortrap.cluster.split-brain.stable-after={(int)StableAfter.TotalSeconds}s",
        "actortrap.cluster.split-brain.down-removal-margin=1s",
    ];

    private readonly string dnsServer;
    private readonly string zone;
    private readonly string workDirectory;
    private readonly IReadOnlyList<string> settings;
    private readonly Func<int, IEnumerable<string>> perNode;
    private readonly int[] ports;
    private readonly RunningNode?[] nodes;
    private int logsWritten;

    /// <param name="settings">Settings every node gets after its name, data directory and cluster settings.</param>
    /// <param name="perNode">Settings of node i after those.</param>
    public ClusterNodes(int count, string dnsServer, string zone, string workDirectory, IEnumerable<string> settings, Func<int, IEnumerable<string>>? perNode = null)
    {
        this.perNode = perNode ?? (_ => []);
        this.dnsServer = dnsServer;
        this.zone = zone;
        this.workDirectory = workDirectory;
        this.settings = [.. settings];
        ports = [.. Enumerable.Range(0, count).Select(_ => FreePort.UdpAndTcp())];
        nodes = new RunningNode?[count];
    }

    public int Count => nodes.Length;

    public RunningNode this[int i] => nodes[i] ?? throw new InvalidOperationException($"node-{i} is not running");

    public IEnumerable<int> Indexes => Enumerable.Range(0, Count);

    public static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"node-{i}");

    /// <summary>Akka's address of node <paramref name="i"/> as <c>/api/cluster</c> shows it.</summary>
    public string Address(int i) => string.Create(CultureInfo.InvariantCulture, $"akka.tcp://actortrap@127.0.0.1:{ports[i]}");

    public string DataDirectory(int i) => Path.Combine(workDirectory, Name(i));

    /// <summary>Starts every node at once and waits until each sees all of them up.</summary>
    public async Task StartAllAsync()
    {
        await Task.WhenAll(Indexes.Select(StartAsync));
        await WaitForAllUpAsync();
    }

    /// <summary>Starts node <paramref name="i"/> (again, after it stopped: same data directory, same port); returns once it serves.</summary>
    public async Task StartAsync(int i)
    {
        DumpLog(i);
        nodes[i]?.Dispose();
        nodes[i] = null;
        var seeds = string.Join(", ", ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"\"127.0.0.1:{p}\"")));
        nodes[i] = await RunningNode.StartAsync(dnsServer, zone, settings:
        [
            $"actortrap.node.name={Name(i)}",
            $"actortrap.data-dir=\"{DataDirectory(i)}\"",
            string.Create(CultureInfo.InvariantCulture, $"actortrap.cluster.port={ports[i]}"),
            $"actortrap.cluster.seed-nodes=[{seeds}]",
            .. FastFailureDetection,
            .. settings,
            .. perNode(i),
        ]);
    }

    public bool IsRunning(int i) => nodes[i] is { } n && !n.Process.HasExited;

    /// <summary>Waits until every running node sees every running node up and reachable, and no other member.</summary>
    public async Task WaitForAllUpAsync(TimeSpan? limit = null)
    {
        var running = Indexes.Where(IsRunning).ToArray();
        var expected = running.Select(Address).Order(StringComparer.Ordinal).ToArray();
        foreach (var i in running)
        {
            await this[i].WaitForJsonAsync("/api/cluster", c =>
                Members(c).Where(m => m.Status == "up" && m.Reachable).Select(m => m.Address).Order(StringComparer.Ordinal).SequenceEqual(expected)
                && Members(c).Count == expected.Length, limit ?? TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Starts whatever node is not running and waits until all of them are up in everyone's view.</summary>
    public async Task EnsureAllUpAsync()
    {
        await Task.WhenAll(Indexes.Where(i => !IsRunning(i)).Select(StartAsync));
        await WaitForAllUpAsync();
    }

    /// <summary>The members in a <c>GET /api/cluster</c> answer.</summary>
    public static IReadOnlyList<ClusterMemberView> Members(JsonElement cluster) =>
        [.. cluster.GetProperty("members").EnumerateArray().Select(m => new ClusterMemberView(
            m.GetProperty("address").GetString()!,
            m.GetProperty("status").GetString()!,
            m.GetProperty("reachable").GetBoolean(),
            m.GetProperty("name").GetString(),
            m.GetProperty("held").ValueKind == JsonValueKind.Number ? m.GetProperty("held").GetInt32() : null,
            m.GetProperty("runsChores").GetBoolean()))];

    /// <summary>Node <paramref name="i"/> as a member in <paramref name="cluster"/>, or null when it is not one.</summary>
    public ClusterMemberView? Member(JsonElement cluster, int i) => Members(cluster).FirstOrDefault(m => m.Address == Address(i));

    private void DumpLog(int i)
    {
        if (nodes[i] is { } n && Environment.GetEnvironmentVariable("ACTORTRAP_TEST_NODE_LOGS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"{Interlocked.Increment(ref logsWritten):000}-node-{i}.log"), n.Log);
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < nodes.Length; i++)
        {
            DumpLog(i);
            nodes[i]?.Dispose();
        }
    }
}

using System.Diagnostics;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorTrap.ClusterBench;

/// <summary>
/// Several NodeHosts in this one process, each its own actor system with its own Akka.Remote port on 127.0.0.1, all
/// listing the same seed nodes, so they form one Akka cluster over loopback TCP (messages between them are
/// serialized and cross sockets as between processes; the process, its thread pool and its GC are shared).
/// Shipped defaults apart from the names, data directories, ports and the PostgreSQL store.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly string dir;

    private InProcessCluster(string dir, List<NodeHost> nodes)
    {
        this.dir = dir;
        Nodes = nodes;
    }

    public IReadOnlyList<NodeHost> Nodes { get; }

    public static async Task<InProcessCluster> StartAsync(int count, string connectionString, ILoggerFactory logs, TimeSpan limit, params string[] overrides)
    {
        var dir = Path.Combine(Path.GetTempPath(), "clusterbench-nodes-" + Guid.NewGuid().ToString("N")[..8]);
        var ports = Enumerable.Range(0, count).Select(_ => FreePorts.Tcp()).ToList();
        var seeds = string.Join(", ", ports.Select(p => $"\"127.0.0.1:{p}\""));
        var settings = ports.Select((port, i) => Load([
            $"actortrap.node.name=bench-{i}",
            $"actortrap.data-dir=\"{Path.Combine(dir, $"bench-{i}")}\"",
            "actortrap.admin.listen=\"127.0.0.1:0\"",
            "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            $"actortrap.cluster.port={port}",
            $"actortrap.cluster.seed-nodes=[{seeds}]",
            $"actortrap.reputation.postgres.connection-string=\"{connectionString}\"",
            // No DNSBL zone: no session runs here, and the shipped zones' self-tests would only log that no resolver answers.
            "actortrap.dnsbl.zones=[]",
            .. overrides])).ToList();
        var nodes = (await Task.WhenAll(settings.Select(s => NodeHost.StartAsync(s, logs, CancellationToken.None)))).ToList();
        var cluster = new InProcessCluster(dir, nodes);
        try
        {
            await cluster.WaitUntilAllUpAsync(limit);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Until every node sees every node up (bounded by <paramref name="limit"/>).</summary>
    private async Task WaitUntilAllUpAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!Nodes.All(n => Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == Nodes.Count))
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"the {Nodes.Count} nodes did not all see each other up within {limit.TotalSeconds} s");
            }

            await Task.Delay(100);
        }
    }

    private static NodeSettings Load(string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, overrides), _ => null);
        return loaded.Settings ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors));
    }

    public async ValueTask DisposeAsync()
    {
        // One at a time, so each leaves a cluster whose other members still run (all at once, the last ones wait for
        // exits that nobody is left to acknowledge).
        foreach (var node in Nodes.Reverse())
        {
            await node.StopAsync("bench over");
        }

        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

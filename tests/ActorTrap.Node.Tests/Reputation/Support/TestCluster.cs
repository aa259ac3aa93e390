using ActorTrap.Node.Tests.Support;
using ActorTrap.Node.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Reputation.Support;

/// <summary>
/// Several in-process NodeHosts on one PostgreSQL database, each with its own data directory and admin port,
/// all on one virtual clock (each node on a TestScheduler, moved together). The three-process spambot test can use the same settings with <c>actortrap run</c>.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TempDirectory> dirs = [];

    public VirtualTime Clock { get; } = new();

    /// <summary>Silent unless ACTORTRAP_TEST_LOG is set (then the nodes log to the test host's console).</summary>
    private static Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; } =
        Environment.GetEnvironmentVariable("ACTORTRAP_TEST_LOG") is { Length: > 0 }
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true))
            : NullLoggerFactory.Instance;

    public List<NodeHost> Nodes { get; } = [];

    public string ConnectionString { get; private set; } = string.Empty;

    public static async Task<TestCluster> StartAsync(string connectionString, int nodes, params string[] overrides)
    {
        var cluster = new TestCluster() { ConnectionString = connectionString };
        for (var i = 0; i < nodes; i++)
        {
            await cluster.AddNodeAsync($"node-{i}", overrides);
        }

        return cluster;
    }

    public async Task<NodeHost> AddNodeAsync(string name, params string[] overrides)
    {
        var dir = new TempDirectory();
        dirs.Add(dir);
        var settings = Settings.Node(name, dir.Path,
            [$"actortrap.reputation.postgres.connection-string=\"{ConnectionString}\"", "actortrap.reputation.spool.retry-interval=1s", VirtualTime.SchedulerOverride, .. overrides]);
        var node = await NodeHost.StartAsync(settings, LoggerFactory, CancellationToken.None);
        Clock.Add(node.System);
        Nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Moves the shared clock in steps (firing every node's timers) until <paramref name="condition"/> holds;
    /// real time is bounded by <paramref name="limit"/> (database work happens outside the virtual clock).
    /// </summary>
    public async Task AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan step, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}");
            }

            await Clock.AdvanceAsync(step);
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await Clock.StopAsync(node);
        }

        foreach (var dir in dirs)
        {
            dir.Dispose();
        }
    }
}

using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store.Sqlite;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>The child process of <see cref="SqliteCrashSpec"/>: merges numbered batches and prints "ack N" after each commit.</summary>
internal static class SqliteCrashWriter
{
    public const int RowsPerBatch = 100;

    /// <summary>Batch <paramref name="n"/>: one verdict for each of its own addresses, with ids that name the batch and the row.</summary>
    public static EvidenceDelta[] Batch(int n) =>
        Enumerable.Range(0, RowsPerBatch).Select(i => Delta($"10.{n / 250}.{n % 250}.{i}", 1, T0, "no-quit") with { Ids = [((long)n * RowsPerBatch) + i + 1] }).ToArray();

    public static async Task<int> RunAsync(string path, int batches)
    {
        await using var store = new SqliteReputationStore(path, new ScoringOptions(1000, TimeSpan.FromHours(1), TimeSpan.FromHours(1)), fullSync: true);
        await store.InitializeAsync(CancellationToken.None);
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        for (var n = 0; n < batches; n++)
        {
            await store.MergeAsync(Batch(n), T0, CancellationToken.None);
            Console.Out.WriteLine($"ack {n}");
            Console.Out.Flush();
        }

        return 0;
    }
}

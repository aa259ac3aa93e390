using System.Diagnostics;
using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Reputation.Store.Postgres;
using ActorTrap.Node.Reputation.Store.Sqlite;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ActorTrap.Benchmarks.Reputation;

/// <summary>
/// <c>dotnet run -c Release --project bench/ActorTrap.Benchmarks -- reputation [rows]</c>: verdict rows merged per second
/// into SQLite and PostgreSQL (batches of 1000 distinct addresses, first as inserts then as updates), and the time
/// from a threshold-crossing verdict on one node to the address being in another node's blacklist.
/// </summary>
internal static class ReputationBench
{
    private const int BatchSize = 1000;
    private static readonly ScoringOptions Rules = new(3, TimeSpan.FromDays(1), TimeSpan.FromHours(24));

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        Console.WriteLine($"# {Environment.ProcessorCount} cpus, .NET {Environment.Version}, {rows} rows per run, batches of {BatchSize}");
        var dir = Path.Combine(Path.GetTempPath(), "bench-rep-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var fullSync in new[] { true, false })
            {
                await using var sqlite = new SqliteReputationStore(Path.Combine(dir, $"r-{fullSync}.db"), Rules, fullSync);
                await sqlite.InitializeAsync(CancellationToken.None);
                await MeasureAsync($"sqlite synchronous={(fullSync ? "full" : "normal")}", sqlite, rows, writers: 1);
            }

            if (args.Contains("sqlite"))
            {
                return 0;
            }

            await using var pg = await ThrowawayPostgres.StartAsync();
            foreach (var writers in new[] { 1, 4 })
            {
                var db = await CreateDatabaseAsync(pg, $"merge{writers}");
                await using var store = new PostgresReputationStore(db, "bench", Rules);
                await store.InitializeAsync(CancellationToken.None);
                await MeasureAsync($"postgres {writers} writer(s)", store, rows, writers);
            }

            await PropagationAsync(await CreateDatabaseAsync(pg, "cluster"), dir, listings: 200);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(string name, IReputationStore store, int rows, int writers)
    {
        var t0 = DateTimeOffset.UtcNow;
        var batches = Enumerable.Range(0, rows / BatchSize)
            .Select(b => Enumerable.Range(0, BatchSize).Select(i => Delta(b * BatchSize + i, t0)).ToArray()).ToArray();
        foreach (var pass in new[] { "insert", "update" })
        {
            var next = -1;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches.Length)
                {
                    await store.MergeAsync(batches[b], t0, CancellationToken.None);
                }
            })));
            Console.WriteLine($"| {name} | {pass} | {rows / watch.Elapsed.TotalSeconds:N0} rows/s | {watch.Elapsed.TotalMilliseconds / batches.Length:0.00} ms/batch |");
        }
    }

    private static EvidenceDelta Delta(int i, DateTimeOffset at) =>
        new(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), 0.5, at, at, 1, ["no-quit"], false, false);

    private static async Task PropagationAsync(string connectionString, string dir, int listings)
    {
        var nodes = new List<NodeHost>();
        foreach (var name in new[] { "bench-a", "bench-b" })
        {
            var loaded = NodeConfig.Load(new ConfigSources(null, [
                $"actortrap.node.name={name}", $"actortrap.data-dir=\"{Path.Combine(dir, name)}\"", "actortrap.admin.listen=\"127.0.0.1:0\"",
                $"actortrap.reputation.postgres.connection-string=\"{connectionString}\""]), _ => null);
            nodes.Add(await NodeHost.StartAsync(loaded.Settings ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors)),
                NullLoggerFactory.Instance, CancellationToken.None));
        }

        try
        {
            var (a, b) = (nodes[0], nodes[1]);
            var local = new List<double>();
            var remote = new List<double>();
            var afterLocal = new List<double>();
            for (var i = 0; i < listings; i++)
            {
                var ip = new IPAddress([203, 0, (byte)(i / 250), (byte)(i % 250 + 1)]);
                var now = DateTimeOffset.UtcNow;
                var verdict = new Verdict(ip, "bench-a", now, now, SessionMode.Observe, SessionOutcome.Observed, null,
                    [new Sin(SinKind.Pregreet, 2), new Sin(SinKind.NoQuit, 2)], 4, null, null, [], false, 0, 0);
                var watch = Stopwatch.StartNew();
                a.VerdictSink.Submit(verdict);
                while (!a.Blacklist.TryGet(ip, out _))
                {
                    Thread.Sleep(0);
                }

                var tLocal = watch.Elapsed.TotalMilliseconds;
                while (!b.Blacklist.TryGet(ip, out _))
                {
                    Thread.Sleep(0);
                    if (watch.Elapsed > TimeSpan.FromSeconds(10))
                    {
                        throw new TimeoutException($"{ip} never reached bench-b");
                    }
                }

                local.Add(tLocal);
                remote.Add(watch.Elapsed.TotalMilliseconds);
                afterLocal.Add(watch.Elapsed.TotalMilliseconds - tLocal);
            }

            Console.WriteLine($"| submit on a → in a's blacklist (batch interval + merge) | p50 {P(local, 50):0.0} ms | p99 {P(local, 99):0.0} ms |");
            Console.WriteLine($"| submit on a → in b's blacklist | p50 {P(remote, 50):0.0} ms | p99 {P(remote, 99):0.0} ms | max {remote.Max():0.0} ms |");
            Console.WriteLine($"| in a's blacklist → in b's (NOTIFY) | p50 {P(afterLocal, 50):0.0} ms | p99 {P(afterLocal, 99):0.0} ms |");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync("bench over");
            }
        }
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static async Task<string> CreateDatabaseAsync(ThrowawayPostgres pg, string name)
    {
        await using var connection = new NpgsqlConnection(pg.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return pg.ConnectionString.Replace("Database=postgres", $"Database={name}", StringComparison.Ordinal);
    }
}

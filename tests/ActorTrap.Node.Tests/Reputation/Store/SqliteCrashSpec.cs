using System.Diagnostics;
using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store.Sqlite;
using ActorTrap.Node.Tests.Reputation.Support;
using Microsoft.Data.Sqlite;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>A writer process killed with SIGKILL mid-stream loses no batch it acknowledged, and a batch resent after it counts once.</summary>
public sealed class SqliteCrashSpec : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Batches_acknowledged_before_a_kill_9_are_all_in_the_file_after_it()
    {
        var path = Path.Combine(dir.Path, "reputation.db");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(SqliteCrashSpec).Assembly.Location, "sqlite-writer", path, "100000" })
        {
            info.ArgumentList.Add(a);
        }

        var acked = -1;
        using (var child = Process.Start(info)!)
        {
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (acked < 40)
                {
                    var line = await child.StandardOutput.ReadLineAsync(limit.Token) ?? throw new InvalidOperationException("writer exited: " + await child.StandardError.ReadToEndAsync());
                    if (line.StartsWith("ack ", StringComparison.Ordinal))
                    {
                        acked = int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
            finally
            {
                // SIGKILL: no finaliser, no dispose, no checkpoint.
                child.Kill();
                await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }

            // Acks written after the last one read may be in the pipe: they count too.
            var rest = await child.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            foreach (var line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("ack ", StringComparison.Ordinal)))
            {
                acked = int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        Assert.True(File.Exists(path + "-wal"), "the writer ran in WAL mode");
        await using var store = new SqliteReputationStore(path, new ScoringOptions(1000, TimeSpan.FromHours(1), TimeSpan.FromHours(1)), fullSync: true);
        await store.InitializeAsync(CancellationToken.None);
        for (var n = 0; n <= acked; n++)
        {
            foreach (var delta in new[] { SqliteCrashWriter.Batch(n)[0], SqliteCrashWriter.Batch(n)[^1] })
            {
                var row = await store.GetAsync(delta.Address, CancellationToken.None);
                Assert.True(row is { Verdicts: 1 }, $"batch {n} of {acked} acknowledged is missing {delta.Address}");
            }
        }

        await using var check = new SqliteConnection($"Data Source={path}");
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT count(*) % 100, (SELECT integrity_check FROM pragma_integrity_check) FROM reputation";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((0L, "ok"), (reader.GetInt64(0), reader.GetString(1)));

        // A sender that saw no acknowledgement resends: the last acknowledged batch, and the one the kill may have
        // cut before or after its commit. Either way each verdict is in the file once.
        foreach (var n in new[] { acked, acked + 1 })
        {
            await store.MergeAsync(SqliteCrashWriter.Batch(n), T0, CancellationToken.None);
            var row = await store.GetAsync(SqliteCrashWriter.Batch(n)[0].Address, CancellationToken.None);
            Assert.True(row is { Verdicts: 1 }, $"batch {n} resent after the kill counted {row?.Verdicts} times");
        }

        Assert.True(store.DuplicatesSkipped >= SqliteCrashWriter.RowsPerBatch);
    }
}

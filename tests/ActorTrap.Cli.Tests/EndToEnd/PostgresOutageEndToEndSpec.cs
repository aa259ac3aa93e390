using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 8, PostgreSQL stopped under load, the short form (bench/faults/postgres-outage.sh runs the 60 s one): a real
/// <c>actortrap run</c> on its own throwaway PostgreSQL takes a steady stream of sinning sessions while the server is
/// stopped (immediate mode) for a few seconds and started again. Every session the clients finished is one verdict,
/// and every verdict is in the table once the spool has drained: counted at the clients, at the node and in SQL.
/// </summary>
[Collection(LoadHeavyCollection.Name)]
public sealed class PostgresOutageEndToEndSpec(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const string Zone = "bl.outage.test";
    private const int Workers = 12;

    /// <summary>3 s in the suite; bench/faults/postgres-outage.sh sets ACTORTRAP_FAULT_OUTAGE_SECONDS=60 for the full minute.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("ACTORTRAP_FAULT_OUTAGE_SECONDS"), out var s) && s > 0 ? Math.Min(s, 300) : 3);

    [Fact]
    public async Task Verdicts_of_sessions_during_a_postgresql_outage_are_spooled_and_all_land_in_the_table_when_it_returns()
    {
        var connectionString = await postgres.DatabaseAsync("outage_e2e");
        var work = Directory.CreateTempSubdirectory("actortrap-outage-");
        // Nobody answers DNS here (port 9 is discard): every lookup is an error at the budget, and the zone's
        // self-test is off, so sessions are all alike. The sin is non-smtp (GET / after the greeting), weight 3 by
        // default; the list threshold is out of reach so no client is ever held from the node's own list.
        using var node = await RunningNode.StartAsync("127.0.0.1:9", Zone, settings:
        [
            $"actortrap.data-dir=\"{work.FullName}\"",
            $"actortrap.reputation.postgres.connection-string=\"{connectionString}\"",
            "actortrap.reputation.list-threshold=1000000",
            "actortrap.reputation.spool.retry-interval=500ms",
            "actortrap.reputation.store-timeout=2s",
            "actortrap.dnsbl.self-test-interval=0s",
            "actortrap.dns.lookup-budget=200ms",
            "actortrap.dns.timeout=200ms",
            "actortrap.smtp.greet-pause=0s",
            "actortrap.smtp.check-reverse-dns=false",
            "actortrap.smtp.max-connections-per-ip=1000",
        ]);

        using var stop = new CancellationTokenSource();
        var counts = new long[2]; // finished sessions, client-side failures
        var load = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(w, node.Smtp, counts, stop.Token))).ToArray();
        try
        {
            await WaitForAsync(() => Interlocked.Read(ref counts[0]) >= 100, "the first 100 sessions");
            var outage = Stopwatch.StartNew();
            await postgres.StopAsync();
            try
            {
                // Held down until the node has spooled, and for the whole outage under load.
                await node.WaitForJsonAsync("/api/reputation/stats", r => r.GetProperty("spoolBatches").GetInt64() > 0 && outage.Elapsed > Outage,
                    Outage + TimeSpan.FromSeconds(20));
            }
            finally
            {
                await postgres.StartAsync();
            }

            output.WriteLine($"PostgreSQL down {outage.Elapsed.TotalSeconds:0.0} s, {Interlocked.Read(ref counts[0])} sessions so far");
            await Task.Delay(TimeSpan.FromSeconds(1)); // load goes on a moment after it is back
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        var finished = Interlocked.Read(ref counts[0]);
        var smtp = await node.WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("open").GetInt32() == 0);
        var drain = Stopwatch.StartNew();
        var reputation = await node.WaitForJsonAsync("/api/reputation/stats",
            r => r.GetProperty("spoolBatches").GetInt64() == 0 && Long(r, "verdictsMerged") == Long(r, "verdictsIn") - Long(r, "verdictsClean"), TimeSpan.FromSeconds(30) + Outage);
        output.WriteLine($"spool drained {drain.Elapsed.TotalSeconds:0.0} s after the load stopped");
        var stored = await ScalarAsync(connectionString, "SELECT coalesce(sum(verdicts), 0) FROM reputation");
        output.WriteLine($"{finished} sessions finished by the clients ({Interlocked.Read(ref counts[1])} client failures); node: {smtp}; reputation: {reputation}; table: {stored} verdicts");

        Assert.Equal(0, Interlocked.Read(ref counts[1]));
        Assert.Equal(finished, Long(smtp, "sessionsEnded"));
        Assert.Equal(finished, Long(reputation, "verdictsIn"));
        Assert.Equal(0, Long(reputation, "verdictsClean"));
        Assert.Equal(finished, stored);
        Assert.True(Long(reputation, "storeErrors") > 0, reputation.ToString());
        Assert.True(Long(reputation, "replayed") > 0, reputation.ToString());
        Assert.Equal(0, Long(reputation, "dropped"));
        Assert.False(node.Process.HasExited);
        work.Delete(recursive: true);
    }

    /// <summary>Sessions one after another from 127.20.w.1..250: greeting, a non-SMTP line, and the server's close.</summary>
    private static async Task WorkerAsync(int worker, IPEndPoint server, long[] counts, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var source = IPAddress.Parse($"127.20.{worker}.{1 + (i % 250)}");
            try
            {
                using var client = await RawSmtpClient.ConnectAsync(source, server);
                if (await client.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(10)))
                {
                    await client.SendAsync("GET / HTTP/1.0");
                    if (await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10)))
                    {
                        Interlocked.Increment(ref counts[0]);
                        continue;
                    }
                }

                Interlocked.Increment(ref counts[1]);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or TimeoutException)
            {
                Interlocked.Increment(ref counts[1]);
            }
        }
    }

    private static long Long(JsonElement e, string name) => e.GetProperty(name).GetInt64();

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

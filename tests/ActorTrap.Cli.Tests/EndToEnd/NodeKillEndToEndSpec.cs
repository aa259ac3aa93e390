using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ActorTrap.TestPeers;
using Npgsql;
using Xunit.Abstractions;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 8, a node killed with SIGKILL under load: three <c>actortrap run</c> processes on one throwaway PostgreSQL,
/// each holding listed clients while new sessions keep arriving at all of them. The node holding the cluster chores
/// is killed: its clients see the connection end (reset or EOF), the other two keep their held clients and keep
/// answering new ones, the chores move to a survivor, the listings in the store are the same, and the killed node,
/// started again under its name, is Up again in the others' view.
/// </summary>
[Collection(LoadHeavyCollection.Name)]
public sealed class NodeKillEndToEndSpec(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Zone = "bl.kill.test";
    private const int HeldPerNode = 100;
    private const int StreamsPerNode = 4;
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("actortrap-kill-");
    private readonly RunningNode?[] nodes = new RunningNode?[3];
    private Rbldnsd dnsbl = null!;
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        connectionString = await postgres.DatabaseAsync("kill_e2e");
        // 127.40.0.0/16 is listed: its clients are held. 127.0.0.2 is the RFC 5782 test entry.
        dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed by the kill zone\n127.0.0.2\n127.40.0.0/16\n"));
        var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(StartNodeAsync));
        started.CopyTo(nodes, 0);
    }

    public Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            node?.Dispose();
        }

        dnsbl?.Dispose();
        work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private Task<RunningNode> StartNodeAsync(int i) => RunningNode.StartAsync(dnsbl.ServerSpec, Zone, settings:
    [
        $"actortrap.node.name=node-{i}",
        $"actortrap.data-dir=\"{Path.Combine(work.FullName, $"node-{i}")}\"",
        $"actortrap.reputation.postgres.connection-string=\"{connectionString}\"",
        // One spambot session (score 5) lists its address; a held client's verdict (score 1) alone does not.
        "actortrap.reputation.list-threshold=4",
        "actortrap.reputation.chore-interval=300ms",
        "actortrap.cluster.unreachable-after=3s",
        "actortrap.smtp.greet-pause=300ms",
        "actortrap.smtp.check-reverse-dns=false",
        "actortrap.smtp.quit-wait=1s",
        "actortrap.smtp.hold=10m",
        "actortrap.smtp.trickle-interval=1s",
        "actortrap.smtp.max-connections-per-ip=1000",
    ]);

    private RunningNode Node(int i) => nodes[i]!;

    [Fact]
    public async Task Killed_node_resets_its_clients_the_others_keep_serving_the_chores_move_listings_stay_and_it_rejoins()
    {
        // Three listings in the store, one made by each node's spambot.
        for (var i = 0; i < 3; i++)
        {
            await SpambotClient.RunAsync(IPAddress.Parse($"127.0.0.{51 + i}"), Node(i).Smtp, "e2e.test");
        }

        foreach (var node in nodes)
        {
            await node!.WaitForJsonAsync("/api/reputation/stats", r => r.GetProperty("ownListSize").GetInt64() == 3);
        }

        var listings = await ListingsAsync();
        Assert.Equal(3L, listings);

        // Load: every node holds listed clients, and new observed sessions keep arriving at all three.
        var held = new List<RawSmtpClient>[3];
        for (var n = 0; n < 3; n++)
        {
            held[n] = [];
            for (var c = 0; c < HeldPerNode; c++)
            {
                held[n].Add(await RawSmtpClient.ConnectAsync(IPAddress.Parse($"127.40.{n}.{c + 1}"), Node(n).Smtp));
            }
        }

        using var stop = new CancellationTokenSource();
        var stream = new[] { new StreamCounts(), new StreamCounts(), new StreamCounts() };
        var streams = Enumerable.Range(0, 3 * StreamsPerNode).Select(w => Task.Run(() => StreamAsync(w % 3, w / 3, stream[w % 3], stop.Token))).ToArray();
        try
        {
            foreach (var node in nodes)
            {
                await node!.WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("held").GetInt32() == HeldPerNode);
            }

            var holder = (await Node(0).GetJsonAsync("/api/cluster")).GetProperty("choreHolder").GetString()!;
            var victim = int.Parse(holder["node-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToArray();
            await Task.Delay(500); // the stream reaches every node before the kill
            Assert.All(stream, s => Assert.True(Interlocked.Read(ref s.Finished) > 0));

            var clock = Stopwatch.StartNew();
            Node(victim).Process.Signal(9);

            // The victim's clients: every connection ends (reset or EOF) within seconds.
            var ended = await Task.WhenAll(held[victim].Select(c => c.ReadUntilClosedAsync(TimeSpan.FromSeconds(5))));
            Assert.All(ended, Assert.True);
            output.WriteLine($"node-{victim} killed: its {ended.Length} held clients saw the connection end within {clock.Elapsed.TotalMilliseconds:0} ms");

            // The chores move to a survivor, and the survivors see the victim unreachable.
            var cluster = await Node(survivors[0]).WaitForJsonAsync("/api/cluster",
                c => c.GetProperty("choreHolder").GetString() is { } h && h != holder, TimeSpan.FromSeconds(15));
            output.WriteLine($"chores moved to {cluster.GetProperty("choreHolder").GetString()} {clock.Elapsed.TotalSeconds:0.0} s after the kill");
            await Node(survivors[1]).WaitForJsonAsync("/api/cluster", c => Status(c, holder) == "unreachable", TimeSpan.FromSeconds(15));

            // The survivors still hold every client they held, and kept answering new sessions throughout.
            var before = survivors.Select(s => stream[s].Finished).ToArray();
            await Task.Delay(500);
            foreach (var s in survivors)
            {
                var stats = await Node(s).GetJsonAsync("/api/smtp/stats");
                Assert.Equal(HeldPerNode, stats.GetProperty("held").GetInt32());
                Assert.Equal(0, stream[s].Failed);
            }

            Assert.True(survivors.Select((s, k) => stream[s].Finished > before[k]).All(x => x), "the survivors stopped answering new sessions");
            using (var newcomer = await RawSmtpClient.ConnectAsync(IPAddress.Parse("127.40.9.9"), Node(survivors[0]).Smtp))
            {
                await Node(survivors[0]).WaitForJsonAsync("/api/sessions?held=true&ip=127.40.9.9", x => x.GetArrayLength() == 1);
            }

            Assert.Equal(listings, await ListingsAsync());
            foreach (var s in survivors)
            {
                Assert.Equal(3, (await Node(s).GetJsonAsync("/api/reputation/stats")).GetProperty("ownListSize").GetInt64());
            }

            // Started again under the same name, it rejoins: Up in the others' view, and it serves.
            stop.Cancel();
            await Task.WhenAll(streams);
            Node(victim).Dispose();
            nodes[victim] = null;
            nodes[victim] = await StartNodeAsync(victim);
            foreach (var s in survivors)
            {
                await Node(s).WaitForJsonAsync("/api/cluster", c => Status(c, holder) == "up", TimeSpan.FromSeconds(15));
            }

            output.WriteLine($"{holder} restarted and Up in both survivors' view {clock.Elapsed.TotalSeconds:0.0} s after the kill");
            await Node(victim).WaitForJsonAsync("/api/reputation/stats", r => r.GetProperty("ownListSize").GetInt64() == 3);
            using var back = await RawSmtpClient.ConnectAsync(IPAddress.Parse("127.40.8.8"), Node(victim).Smtp);
            await Node(victim).WaitForJsonAsync("/api/sessions?held=true&ip=127.40.8.8", x => x.GetArrayLength() == 1);
            Assert.Equal(listings, await ListingsAsync());
            output.WriteLine($"new sessions answered during the run: {string.Join(", ", stream.Select((s, i) => $"node-{i} {s.Finished}"))}; failures only at the victim: {stream[victim].Failed}");
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(streams);
            foreach (var c in held.Where(h => h is not null).SelectMany(h => h))
            {
                c.Dispose();
            }
        }
    }

    /// <summary>New unlisted sessions one after another at node n until stopped: greeting, QUIT, close.</summary>
    private async Task StreamAsync(int n, int worker, StreamCounts counts, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var node = nodes[n];
            if (node is null)
            {
                return;
            }

            try
            {
                using var client = await RawSmtpClient.ConnectAsync(IPAddress.Parse($"127.41.{(n * StreamsPerNode) + worker}.{1 + (i % 250)}"), node.Smtp);
                if (await client.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(5)))
                {
                    await client.SendAsync("QUIT");
                    if (await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(5)))
                    {
                        Interlocked.Increment(ref counts.Finished);
                        continue;
                    }
                }

                Interlocked.Increment(ref counts.Failed);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or TimeoutException or IOException)
            {
                Interlocked.Increment(ref counts.Failed);
                if (node.Process.HasExited)
                {
                    return;
                }
            }
        }
    }

    private static string? Status(JsonElement cluster, string name) =>
        cluster.GetProperty("members").EnumerateArray().FirstOrDefault(m => m.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } m
            ? m.GetProperty("status").GetString()
            : null;

    private async Task<long> ListingsAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM reputation WHERE listed_at IS NOT NULL", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class StreamCounts
    {
        public long Finished;
        public long Failed;
    }
}

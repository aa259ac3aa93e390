using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace ActorTrap.ClusterBench;

/// <summary>
/// One recovery run: three <c>actortrap run</c> processes joined by seed nodes on one PostgreSQL, shipped cluster
/// defaults (split-brain resolver keep-majority, stable-after 20 s; Akka's failure detector). Feed lines stream to
/// two of them (the survivors) with a probe per shard every 250 ms; the third (the victim) is SIGKILLed while it owns
/// entities. Measured: when a survivor saw it unreachable and when it stopped being an up member, and per shard when
/// a probe sent after the kill was in PostgreSQL; then, after the survivors drained, whether PostgreSQL holds exactly
/// the verdicts the survivors took.
/// </summary>
internal static class RecoveryRun
{
    private const string FeedKey = "clusterbench-feed-key-0123456789abcdef";
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<RecoveryResult> RunAsync(BenchPostgres pg, string database, RecoveryPlan plan, string workDir)
    {
        var connectionString = await pg.CreateDatabaseAsync(database);
        var clusterPorts = Enumerable.Range(0, 3).Select(_ => FreePorts.Tcp()).ToList();
        var seeds = "[" + string.Join(", ", clusterPorts.Select(p => $"\"127.0.0.1:{p}\"")) + "]";
        var nodes = clusterPorts.Select((port, i) => NodeProcess.Start(plan.Binary, $"node-{i}", Path.Combine(workDir, database, $"node-{i}"), port,
            FreePorts.Tcp(), FreePorts.Udp(),
        [
            $"actortrap.cluster.seed-nodes={seeds}",
            $"actortrap.reputation.postgres.connection-string=\"{connectionString}\"",
            $"actortrap.reputation.shards={plan.Shards}",
            $"actortrap.publish.udp-feed.reporters.{FeedSender.KeyId}.key=\"{FeedKey}\"",
            $"actortrap.publish.udp-feed.reporters.{FeedSender.KeyId}.trusted=on",
            $"actortrap.publish.udp-feed.reporters.{FeedSender.KeyId}.max-new-per-minute=10000000",
            "actortrap.dnsbl.zones=[]",
            .. plan.Settings,
        ])).ToList();
        var errors = new List<string>();
        try
        {
            await WaitAsync(async () => (await Task.WhenAll(nodes.Select(UpMembersAsync))).All(n => n == 3), TimeSpan.FromSeconds(120), "three members up on every node", nodes);
            var cluster = (await nodes[0].GetJsonAsync("/api/cluster"))!.Value;
            var choresNode = cluster.GetProperty("choresNode").GetString();
            var victim = plan.Victim == "chores" ? nodes.Single(n => n.Name == choresNode) : nodes.First(n => n.Name != choresNode);
            var survivors = nodes.Where(n => n != victim).ToList();
            Console.Error.WriteLine($"#   cluster up; chores on {choresNode}; victim {victim.Name} (pid {victim.Pid}); load {Machine.LoadAverage()}");

            var clock = Stopwatch.StartNew();
            var probes = new ProbeAddresses(plan.Shards, (int)((plan.Warm + plan.Limit + TimeSpan.FromSeconds(30)) / ProbeInterval) + 10);
            using var sender = new FeedSender([.. survivors.Select(s => new IPEndPoint(IPAddress.Loopback, s.FeedPort))], FeedSender.Key(FeedKey), plan.Rate,
                probes, ProbeInterval, clock, plan.Warm + plan.Limit + TimeSpan.FromSeconds(30));
            sender.Start();
            var seen = new Dictionary<IPAddress, TimeSpan>();
            while (clock.Elapsed < plan.Warm)
            {
                await PollProbesAsync(connectionString, seen, clock);
                await Task.Delay(PollInterval);
            }

            var before = sender.ProbesSent().Where(p => seen.ContainsKey(p.Address)).Select(p => (seen[p.Address] - p.SentAt).TotalMilliseconds).ToList();
            var victimVerdicts = await VictimVerdictsAsync(victim);
            if (victimVerdicts <= 0)
            {
                errors.Add($"the victim {victim.Name} had taken no verdicts before the kill: it owned no entity");
            }

            var loadAtKill = Machine.LoadAverage();
            victim.Kill();
            var killedAt = clock.Elapsed;
            Console.Error.WriteLine($"#   t={killedAt.TotalSeconds:0.0}s SIGKILL {victim.Name}; load {loadAtKill}");
            TimeSpan? unreachable = null;
            TimeSpan? removed = null;
            var recovery = new TimeSpan?[plan.Shards];
            // Membership is asked beside the probe polls: until the victim is marked unreachable, /api/cluster waits up to
            // 2 s for its answer, which must not slow the polls that time the shards.
            var statusAsk = MemberStatusAsync(survivors[0], victim.ClusterPort);
            while (clock.Elapsed - killedAt < plan.Limit && (removed is null || recovery.Any(r => r is null)))
            {
                await PollProbesAsync(connectionString, seen, clock);
                foreach (var probe in sender.ProbesSent().Where(p => p.SentAt >= killedAt && seen.ContainsKey(p.Address)))
                {
                    var after = seen[probe.Address] - killedAt;
                    if (recovery[probe.Shard] is null || after < recovery[probe.Shard])
                    {
                        recovery[probe.Shard] = after;
                    }
                }

                var status = statusAsk.IsCompleted ? await statusAsk : null;
                if (statusAsk.IsCompleted)
                {
                    statusAsk = MemberStatusAsync(survivors[0], victim.ClusterPort);
                }

                if (unreachable is null && status is { Reachable: false })
                {
                    unreachable = clock.Elapsed - killedAt;
                    Console.Error.WriteLine($"#   t+{unreachable.Value.TotalSeconds:0.0}s {victim.Name} unreachable");
                }

                if (removed is null && status is not null && (status.Value.Status is not ("up" or "weaklyup" or "joining" or "leaving")))
                {
                    removed = clock.Elapsed - killedAt;
                    Console.Error.WriteLine($"#   t+{removed.Value.TotalSeconds:0.0}s {victim.Name} {status.Value.Status}");
                }

                await Task.Delay(PollInterval);
            }

            var streamUntil = clock.Elapsed + TimeSpan.FromSeconds(5);
            while (clock.Elapsed < streamUntil)
            {
                await Task.Delay(PollInterval);
            }

            sender.Stop();
            Console.Error.WriteLine($"#   t={clock.Elapsed.TotalSeconds:0.0}s stream stopped after {sender.Lines:N0} lines; draining");
            // Every survivor's outbox empty: what it took is acknowledged (resends come every resend-after, 10 s).
            await WaitAsync(async () => (await Task.WhenAll(survivors.Select(UnacknowledgedAsync))).All(u => u == 0), TimeSpan.FromSeconds(90),
                "survivors' outboxes drained", survivors, errors);
            var submitted = (long)(await SumAsync(survivors, "actortrap_reputation_verdicts_total") - await SumAsync(survivors, "actortrap_reputation_verdicts_clean_total"));
            long stored = 0;
            await WaitAsync(async () => (stored = await pg.ScalarAsync(database, "SELECT coalesce(sum(verdicts), 0) FROM reputation")) >= submitted,
                TimeSpan.FromSeconds(60), "PostgreSQL to hold every verdict the survivors took", survivors, errors);
            var resent = await SumAsync(survivors, "actortrap_reputation_verdicts_resent_total");
            var duplicates = await SumAsync(survivors, "actortrap_reputation_verdicts_duplicates_total");
            var exits = new List<int?>();
            foreach (var survivor in survivors)
            {
                exits.Add(await survivor.TerminateAsync(TimeSpan.FromSeconds(60)));
            }

            return new RecoveryResult(victim.Name, unreachable, removed, recovery,
                (Percentiles.Of(before, 50), Percentiles.Of(before, 99)), sender.Lines, submitted, stored, resent, duplicates, victimVerdicts, loadAtKill, exits, errors);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private static async Task<int> UpMembersAsync(NodeProcess node) =>
        await node.GetJsonAsync("/api/cluster") is { } c ? c.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "up") : -1;

    /// <summary>The victim's membership as <paramref name="observer"/> sees it; ("removed", false) once it is no member at all.</summary>
    private static async Task<(string Status, bool Reachable)?> MemberStatusAsync(NodeProcess observer, int victimPort)
    {
        if (await observer.GetJsonAsync("/api/cluster") is not { } cluster)
        {
            return null;
        }

        foreach (var member in cluster.GetProperty("members").EnumerateArray())
        {
            if (member.GetProperty("address").GetString()!.EndsWith($":{victimPort}", StringComparison.Ordinal))
            {
                return (member.GetProperty("status").GetString()!, member.GetProperty("reachable").GetBoolean());
            }
        }

        return ("removed", false);
    }

    private static async Task<double> VictimVerdictsAsync(NodeProcess victim) =>
        await victim.GetJsonAsync("/api/shards") is { } shards ? shards.EnumerateArray().Sum(s => s.GetProperty("verdictsIn").GetDouble()) : -1;

    /// <summary>Verdicts the node took (less the clean ones) that its entities have not acknowledged; -1 when it does not answer.</summary>
    private static async Task<double> UnacknowledgedAsync(NodeProcess node)
    {
        var taken = await node.MetricAsync("actortrap_reputation_verdicts_total");
        var clean = await node.MetricAsync("actortrap_reputation_verdicts_clean_total");
        var accepted = await node.MetricAsync("actortrap_reputation_verdicts_accepted_total");
        return taken is null || clean is null || accepted is null ? -1 : taken.Value - clean.Value - accepted.Value;
    }

    private static async Task<double> SumAsync(IEnumerable<NodeProcess> nodes, string metric)
    {
        double sum = 0;
        foreach (var node in nodes)
        {
            sum += await node.MetricAsync(metric) ?? double.NaN;
        }

        return sum;
    }

    private static async Task PollProbesAsync(string connectionString, Dictionary<IPAddress, TimeSpan> seen, Stopwatch clock)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT address FROM reputation WHERE address << '100.64.0.0/10'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var now = clock.Elapsed;
            while (await reader.ReadAsync())
            {
                seen.TryAdd(reader.GetFieldValue<IPAddress>(0), now);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Console.Error.WriteLine($"#   probe poll failed: {e.Message}");
        }
    }

    /// <summary>Polls until <paramref name="condition"/>; past <paramref name="limit"/> records an error (or throws when none is collected).</summary>
    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit, string what, IReadOnlyList<NodeProcess> nodes, List<string>? errors = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (nodes.FirstOrDefault(n => n.HasExited) is { } gone)
            {
                throw new InvalidOperationException($"{gone.Name} exited ({gone.ExitCode}) while waiting for {what}; its log: {gone.Log}");
            }

            if (clock.Elapsed > limit)
            {
                var message = $"gave up waiting for {what} after {limit.TotalSeconds} s";
                if (errors is null)
                {
                    throw new TimeoutException(message);
                }

                errors.Add(message);
                return;
            }

            await Task.Delay(250);
        }
    }
}

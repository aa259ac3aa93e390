using System.Globalization;

namespace ActorTrap.ClusterBench;

/// <summary>
/// <c>recovery</c>: issue 14's third benchmark, on real processes: the time from SIGKILL of a member until its shards
/// answer again, with the shipped split-brain defaults, and whether any verdict a survivor took was lost.
/// </summary>
internal static class RecoveryBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var binary = Path.GetFullPath(args.Text("actortrap", "src/ActorTrap.Cli/bin/Release/net10.0/actortrap"));
        var runs = args.Int("runs", 3);
        var plan = new RecoveryPlan(binary, args.Text("victim", "chores"), args.Int("rate", 500), args.Duration("warm", TimeSpan.FromSeconds(15)),
            args.Duration("limit", TimeSpan.FromSeconds(180)), args.Int("shards", 32),
            args.Text("node-set", "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var keep = args.Text("keep", "");
        args.RejectUnknown();
        if (!File.Exists(binary))
        {
            throw new ArgumentException($"{binary} not found: dotnet build src/ActorTrap.Cli -c Release, or pass --actortrap PATH");
        }

        if (plan.Victim is not ("chores" or "other"))
        {
            throw new ArgumentException("--victim is chores (the member hosting the singletons) or other");
        }

        var work = Path.Combine(Path.GetTempPath(), "clusterbench-recovery-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        await using var pg = await BenchPostgres.StartAsync(fsync: true);
        Console.WriteLine($"# recovery: three `actortrap run` processes ({binary}), seed nodes, shipped split-brain and failure-detector defaults; " +
            $"PostgreSQL {pg.Version} fsync=on; {plan.Rate} feed lines/s to each survivor, a probe per shard every 250 ms; victim: {plan.Victim}; " +
            (plan.Settings.Count == 0 ? "shipped defaults" : "NOT the shipped defaults: " + string.Join(", ", plan.Settings)));
        Console.WriteLine($"# machine: {Machine.Describe()}; started {Machine.Now()}, load {Machine.LoadAverage()}");
        Console.WriteLine("| run | victim | unreachable after | down/removed after | its shards | its shards answer again after: first / last | live shards' slowest | probe latency before, p50 / p99 | lines sent | verdicts taken by survivors | in PostgreSQL | resent | duplicates skipped | load at kill | survivors' exit on SIGTERM |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var failures = 0;
        var results = new List<RecoveryResult>();
        try
        {
            for (var run = 1; run <= runs; run++)
            {
                Console.Error.WriteLine($"# {Machine.Now()} recovery run {run}");
                var r = await RecoveryRun.RunAsync(pg, $"recovery_{run}", plan, work);
                results.Add(r);
                static string S(TimeSpan? t) => t is null ? "never" : t.Value.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {run} | {r.VictimName} | {S(r.Unreachable)} | {S(r.Removed)} | {r.DeadShards.Count} of {r.ShardRecovery.Count} | {S(r.FirstDeadShardBack)} / {S(r.DeadShardsBack)} | {S(r.LiveShardsSlowest)} | " +
                    $"{r.ProbeLatencyBefore.P50:0} / {r.ProbeLatencyBefore.P99:0} ms | {r.LinesSent:N0} | {r.Submitted:N0} | {r.Stored:N0} | {r.Resent:N0} | {r.Duplicates:N0} | " +
                    $"{r.LoadAtKill} | {string.Join(", ", r.SurvivorExitCodes.Select(c => c?.ToString(CultureInfo.InvariantCulture) ?? "timeout"))} |"));
                Console.WriteLine($"#   per shard (s after the kill): {string.Join(" ", r.ShardRecovery.Select((t, s) => $"{s}:{S(t)}"))}");
                if (r.Stored != r.Submitted)
                {
                    failures++;
                    Console.WriteLine($"# ERROR: PostgreSQL holds {r.Stored:N0} verdicts, the survivors took {r.Submitted:N0}");
                }

                foreach (var error in r.Errors)
                {
                    failures++;
                    Console.WriteLine($"# ERROR: {error}");
                }
            }

            var back = results.Where(r => r.DeadShardsBack is not null).Select(r => r.DeadShardsBack!.Value.TotalSeconds).ToList();
            if (back.Count > 0)
            {
                var (min, median, max) = Percentiles.Spread(back);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# the victim's shards all answer again: min {min:0.0} s, median {median:0.0} s, max {max:0.0} s over {back.Count} runs"));
            }
        }
        finally
        {
            if (keep.Length > 0)
            {
                foreach (var log in Directory.EnumerateFiles(work, "node.log", SearchOption.AllDirectories))
                {
                    var target = Path.Combine(keep, Path.GetRelativePath(work, log));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(log, target, overwrite: true);
                }
            }

            Directory.Delete(work, recursive: true);
        }

        Console.WriteLine($"# finished {Machine.Now()}, load {Machine.LoadAverage()}");
        return failures == 0 ? 0 : 1;
    }
}

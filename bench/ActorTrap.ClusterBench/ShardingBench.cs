using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ActorTrap.ClusterBench;

/// <summary>
/// <c>sharding</c>: verdicts per second through Cluster.Sharding on N in-process nodes (issue 14's first benchmark) and
/// listing propagation to every node (its second), each configuration run <c>--runs</c> times on a fresh database and
/// cluster; prints every run and the min / median / max.
/// </summary>
internal static class ShardingBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var runs = args.Int("runs", 3);
        var nodes = args.Int("nodes", 3);
        var perNode = args.Int("verdicts", 300_000);
        var window = args.Int("window", 50_000);
        var warmup = args.Int("warmup", 10_000);
        var samples = args.Int("samples", 250);
        var limit = args.Duration("limit", TimeSpan.FromMinutes(10));
        var fsync = args.Text("fsync", "on") != "off";
        var rate = args.Int("rate", 0);
        var settings = args.Text("node-set", "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var addressCounts = args.Text("addresses", "20000,200000").Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        args.RejectUnknown();

        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        await using var pg = await BenchPostgres.StartAsync(fsync);
        Console.WriteLine($"# sharding: {nodes} NodeHosts in ONE process (own actor systems, Akka.Remote on 127.0.0.1, one Akka cluster by seeds), " +
            $"PostgreSQL {pg.Version} fsync={(fsync ? "on" : "off")} synchronous_commit=on; {perNode:N0} verdicts per node, window {window:N0}, warm-up {warmup:N0}, " +
            (rate > 0 ? $"offered at most {rate:N0}/s per node" : "offered as fast as acknowledged") + "; " +
            (settings.Length == 0 ? "shipped defaults" : "NOT the shipped defaults: " + string.Join(", ", settings)));
        Console.WriteLine($"# machine: {Machine.Describe()}; started {Machine.Now()}, load {Machine.LoadAverage()}");
        Console.WriteLine("| addresses | run | verdicts | accepted/s | merged/s | rows merged/s | batches | spooled / replayed / refused / dropped | written locally | resent | duplicates | stored = submitted | CPU s: this process / PostgreSQL | load before → after | listing p50 / p99 / max under load (ms) | idle (ms) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var failures = 0;
        foreach (var addresses in addressCounts)
        {
            var results = new List<ShardingResult>();
            for (var run = 1; run <= runs; run++)
            {
                var plan = new ShardingPlan(nodes, perNode, addresses, window, warmup, samples, limit, rate, settings);
                Console.Error.WriteLine($"# {Machine.Now()} addresses {addresses:N0}, run {run}");
                var r = await ShardingRun.RunAsync(pg, $"sharding_{addresses}_{run}", plan, logs);
                results.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {addresses:N0} | {run} | {r.Verdicts:N0} | {r.AcceptedPerSecond:N0} | {r.MergedPerSecond:N0} | {r.RowsPerSecond:N0} | {r.Counters.Batches:N0} | " +
                    $"{r.Counters.Spooled:N0} / {r.Counters.Replayed:N0} / {r.Counters.Refused:N0} / {r.Counters.Dropped:N0} | {r.Counters.Local:N0} | {r.Counters.Resent:N0} | {r.Counters.Duplicates:N0} | {(r.Stored == plan.Total ? "yes" : $"NO: {r.Stored:N0}")} | " +
                    $"{r.ProcessCpuSeconds:0} / {r.PostgresCpuSeconds:0} in {r.ToMerged.TotalSeconds:0.0} s | {r.LoadBefore} → {r.LoadAfter} | {Brief(r.UnderLoad)} | {Brief(r.Idle)} |"));
                foreach (var error in r.Errors)
                {
                    failures++;
                    Console.WriteLine($"# ERROR: {error}");
                }

                Console.WriteLine($"#   under load: {PropagationProbe.Summary(r.UnderLoad)}");
                Console.WriteLine($"#   idle: {PropagationProbe.Summary(r.Idle)}");
            }

            var (min, median, max) = Percentiles.Spread(results.Select(r => r.AcceptedPerSecond).ToList());
            var (rmin, rmedian, rmax) = Percentiles.Spread(results.Select(r => r.RowsPerSecond).ToList());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# {addresses:N0} addresses, {runs} runs: accepted verdicts/s min {min:N0} median {median:N0} max {max:N0}; rows merged/s min {rmin:N0} median {rmedian:N0} max {rmax:N0}"));
        }

        Console.WriteLine($"# finished {Machine.Now()}, load {Machine.LoadAverage()}");
        return failures == 0 ? 0 : 1;
    }

    private static string Brief(IReadOnlyList<PropagationSample> samples)
    {
        if (samples.Count == 0)
        {
            return "-";
        }

        var all = samples.Select(s => double.IsNaN(s.ToAllMs) ? double.PositiveInfinity : s.ToAllMs).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentiles.Of(all, 50):0} / {Percentiles.Of(all, 99):0} / {all.Max():0} (n={samples.Count})");
    }
}

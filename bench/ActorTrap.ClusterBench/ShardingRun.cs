using System.Diagnostics;
using System.Net;
using ActorTrap.Node.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorTrap.ClusterBench;

/// <summary>
/// One run of the sharding benchmark on a fresh database and a fresh in-process cluster: a warm-up, then every node's
/// submitter hands its verdicts to its node's sink while a probe times listings under that load, timed until every
/// verdict is acknowledged (the measure) and until every one is merged into PostgreSQL; then, on the idle
/// cluster, the listing probe again.
/// </summary>
internal static class ShardingRun
{
    /// <summary>Bound of one listing's wait: under overload a listing waits behind the spooled backlog, which takes tens of seconds.</summary>
    private static readonly TimeSpan PerListing = TimeSpan.FromSeconds(30);

    /// <summary>Once every verdict is acknowledged, merging that makes no progress for this long is a stall (or a loss).</summary>
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(30);

    public static async Task<ShardingResult> RunAsync(BenchPostgres pg, string database, ShardingPlan plan, ILoggerFactory logs)
    {
        var connectionString = await pg.CreateDatabaseAsync(database);
        await using var cluster = await InProcessCluster.StartAsync(plan.Nodes, connectionString, logs, TimeSpan.FromSeconds(90), [.. plan.Settings]);
        var nodes = cluster.Nodes;
        var errors = new List<string>();

        var warm = Enumerable.Range(0, 3_000).Select(i => new IPAddress([172, 16, (byte)(i >> 8), (byte)i])).ToList();
        await SubmitAndWaitAsync(nodes, warm, plan.Warmup, plan.Window, seed: 7, plan.Limit, errors);
        await WaitAsync(() => ClusterCounters.Read(nodes) is var c && c.VerdictsMerged >= c.In, plan.Limit, "warm-up merged");

        var before = ClusterCounters.Read(nodes);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var pgCpu0 = pg.CpuSeconds();
        var load0 = Machine.LoadAverage();
        var addresses = Enumerable.Range(1, plan.Addresses).Select(BenchVerdicts.TenNet).ToList();
        var clock = Stopwatch.StartNew();
        var submitters = nodes.Select((n, i) => new VerdictSubmitter(n, addresses, plan.VerdictsPerNode, plan.Window, 100 + i, clock, plan.Limit, plan.Rate)).ToList();
        submitters.ForEach(s => s.Start());
        var submitting = 1;
        var underLoad = new List<PropagationSample>();
        var probe = new Thread(() => underLoad.AddRange(PropagationProbe.Run(nodes, 100_000, PerListing, () => Volatile.Read(ref submitting) == 0)))
        {
            IsBackground = true,
            Name = "probe-under-load",
        };
        probe.Start();
        var joined = Task.Run(() =>
        {
            submitters.ForEach(s => s.Join());
            Volatile.Write(ref submitting, 0);
            probe.Join();
        });

        TimeSpan? accepted = null;
        TimeSpan? merged = null;
        var lastReport = TimeSpan.Zero;
        var lastCounters = before;
        var lastMerged = (Count: 0L, At: TimeSpan.Zero);
        while (merged is null || accepted is null)
        {
            await Task.Delay(20);
            var now = ClusterCounters.Read(nodes);
            var done = now - before;
            var target = joined.IsCompleted ? plan.Total + underLoad.Count : long.MaxValue;
            if (accepted is null && done.Accepted >= target)
            {
                accepted = clock.Elapsed;
            }

            if (merged is null && done.VerdictsMerged >= target)
            {
                merged = clock.Elapsed;
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                var step = now - lastCounters;
                var seconds = (clock.Elapsed - lastReport).TotalSeconds;
                Console.Error.WriteLine($"#   t={clock.Elapsed.TotalSeconds:0}s in {done.In:N0} accepted {done.Accepted:N0} ({step.Accepted / seconds:N0}/s) " +
                    $"merged {done.VerdictsMerged:N0} ({step.VerdictsMerged / seconds:N0}/s, rows {step.RowsMerged / seconds:N0}/s) spooled {done.Spooled:N0} " +
                    $"refused {done.Refused:N0} dropped {done.Dropped:N0} local {done.Local:N0} resent {done.Resent:N0} load {Machine.LoadAverage()}");
                lastReport = clock.Elapsed;
                lastCounters = now;
            }

            if (done.VerdictsMerged != lastMerged.Count)
            {
                lastMerged = (done.VerdictsMerged, clock.Elapsed);
            }
            else if (accepted is not null && clock.Elapsed - lastMerged.At > StallAfter)
            {
                errors.Add($"merging stopped at {done.VerdictsMerged:N0} of {target:N0} acknowledged verdicts for {StallAfter.TotalSeconds} s " +
                    $"(spool: {done.Spooled:N0} spooled, {done.Replayed:N0} replayed, {done.Refused:N0} refused, {done.Dropped:N0} dropped unaccepted)");
                break;
            }

            if (clock.Elapsed > plan.Limit)
            {
                errors.Add($"gave up after {plan.Limit.TotalSeconds} s: {done}");
                break;
            }
        }

        await joined.WaitAsync(TimeSpan.FromSeconds(30));
        errors.AddRange(submitters.Where(s => s.Error is not null).Select(s => s.Error!.Message));
        var counters = ClusterCounters.Read(nodes) - before;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var pgCpu = pg.CpuSeconds() - pgCpu0;
        var load1 = Machine.LoadAverage();
        var stored = await pg.ScalarAsync(database, "SELECT coalesce(sum(verdicts), 0) FROM reputation WHERE address << '10.0.0.0/8'");
        var rows = await pg.ScalarAsync(database, "SELECT count(*) FROM reputation WHERE address << '10.0.0.0/8'");
        if (stored != plan.Total)
        {
            errors.Add($"PostgreSQL holds {stored:N0} verdicts about the bench's addresses, {plan.Total:N0} were submitted");
        }

        // The idle probe lists addresses after the ones listed under load.
        var idle = PropagationProbe.Run(nodes, plan.Samples, PerListing, null, firstIndex: underLoad.Count);
        return new ShardingResult(plan.Total + underLoad.Count, accepted ?? clock.Elapsed, merged ?? clock.Elapsed, counters, stored, rows, cpu, pgCpu,
            load0, load1, underLoad, idle, errors);
    }

    /// <summary>Each node submits <paramref name="perNode"/> verdicts; returns when all are acknowledged.</summary>
    private static async Task SubmitAndWaitAsync(IReadOnlyList<NodeHost> nodes, IReadOnlyList<IPAddress> addresses, int perNode, int window, int seed,
        TimeSpan limit, List<string> errors)
    {
        var before = ClusterCounters.Read(nodes);
        var clock = Stopwatch.StartNew();
        var submitters = nodes.Select((n, i) => new VerdictSubmitter(n, addresses, perNode, window, seed + i, clock, limit)).ToList();
        submitters.ForEach(s => s.Start());
        await Task.Run(() => submitters.ForEach(s => s.Join()));
        errors.AddRange(submitters.Where(s => s.Error is not null).Select(s => "warm-up: " + s.Error!.Message));
        await WaitAsync(() => (ClusterCounters.Read(nodes) - before).Accepted >= (long)perNode * nodes.Count, limit, "warm-up acknowledged");
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"gave up waiting for {what} after {limit.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }
}

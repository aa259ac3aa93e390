using System.Diagnostics;
using ActorTrap.Node.Hosting;

namespace ActorTrap.ClusterBench;

/// <summary>One listing: from the verdict's submission on its origin node to the address in every node's blacklist copy.</summary>
/// <param name="ToFirstMs">Until the first node's copy had it (the merge on the entity's node, then its announcement).</param>
/// <param name="ToAllMs">Until every node's copy had it; NaN when one never did within the bound.</param>
internal sealed record PropagationSample(int Origin, double ToFirstMs, double ToAllMs);

/// <summary>
/// Lists fresh addresses of 198.18.0.0/15 one at a time by a trap-address verdict submitted on each node in turn
/// (the verdict goes through the outbox to its entity, is merged, and the listing announced over distributed pub/sub)
/// and polls every node's <c>Blacklist.TryGet</c> every millisecond until all have it, at most <paramref name="perSample"/>.
/// </summary>
internal static class PropagationProbe
{
    public static List<PropagationSample> Run(IReadOnlyList<NodeHost> nodes, int samples, TimeSpan perSample, Func<bool>? stop = null, int firstIndex = 0)
    {
        var results = new List<PropagationSample>();
        for (var i = 0; i < samples && stop?.Invoke() != true; i++)
        {
            var ip = BenchVerdicts.BenchNet(firstIndex + i);
            var origin = nodes[i % nodes.Count];
            var seen = new double[nodes.Count];
            Array.Fill(seen, double.NaN);
            var watch = Stopwatch.StartNew();
            origin.VerdictSink.Submit(BenchVerdicts.Listing(ip, origin.Settings.Node.Name, DateTimeOffset.UtcNow));
            while (seen.Any(double.IsNaN) && watch.Elapsed < perSample)
            {
                for (var n = 0; n < nodes.Count; n++)
                {
                    if (double.IsNaN(seen[n]) && nodes[n].Blacklist.TryGet(ip, out _))
                    {
                        seen[n] = watch.Elapsed.TotalMilliseconds;
                    }
                }

                Thread.Sleep(1);
            }

            var known = seen.Where(s => !double.IsNaN(s)).ToList();
            results.Add(new PropagationSample(i % nodes.Count, known.Count == 0 ? double.NaN : known.Min(), seen.Any(double.IsNaN) ? double.NaN : seen.Max()));
        }

        return results;
    }

    /// <summary>"p50 / p99 / max" of the complete samples' times to every node, and how many never completed.</summary>
    public static string Summary(IReadOnlyList<PropagationSample> samples)
    {
        // A listing that never reached every node counts as infinitely late, so it weighs on the p99.
        var all = samples.Select(s => double.IsNaN(s.ToAllMs) ? double.PositiveInfinity : s.ToAllMs).ToList();
        var spread = samples.Where(s => !double.IsNaN(s.ToAllMs)).Select(s => s.ToAllMs - s.ToFirstMs).ToList();
        var missing = samples.Count(s => double.IsNaN(s.ToAllMs));
        if (spread.Count == 0)
        {
            return $"{samples.Count} samples, none reached every node";
        }

        return $"{samples.Count} samples: to every node p50 {Percentiles.Of(all, 50):0.0} ms, p99 {Percentiles.Of(all, 99):0.0} ms, max {all.Max():0.0} ms; " +
            $"first node to last p50 {Percentiles.Of(spread, 50):0.0} ms, p99 {Percentiles.Of(spread, 99):0.0} ms; incomplete {missing}";
    }
}

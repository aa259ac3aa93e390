namespace ActorTrap.ClusterBench;

/// <summary>Nearest-rank percentiles and min/median/max of a sample.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static (double Min, double Median, double Max) Spread(IReadOnlyCollection<double> values) =>
        (values.Min(), Of(values, 50), values.Max());
}

namespace ActorTrap.Metrics;

/// <summary>What <see cref="PrometheusCollector"/> listens to and how it shapes histograms.</summary>
public sealed record PrometheusOptions
{
    /// <summary>
    /// Bucket upper bounds used when neither <see cref="HistogramBuckets"/> nor the instrument's own advice gives any:
    /// the Prometheus client libraries' defaults (seconds-oriented, 5 ms to 10 s).
    /// </summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Which meters to listen to; by default every meter named <c>ActorTrap.*</c>.</summary>
    public Func<string, bool> MeterFilter { get; init; } = static name => name.StartsWith(MeterNames.Prefix, StringComparison.Ordinal);

    /// <summary>Bucket bounds per instrument name (the dotted instrument name, not the exposed one); wins over instrument advice.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> HistogramBuckets { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>
    /// Label sets kept per metric. Beyond it, measurements go to one series labelled <c>otel_metric_overflow="true"</c>
    /// (OpenTelemetry's convention), so totals stay right and memory stays bounded when a caller tags with something
    /// unbounded such as a client address. 2,000 is OpenTelemetry .NET's default cardinality limit.
    /// </summary>
    public int MaxSeriesPerMetric { get; init; } = 2000;
}

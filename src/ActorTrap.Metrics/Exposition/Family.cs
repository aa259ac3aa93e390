namespace ActorTrap.Metrics.Exposition;

/// <summary>
/// One exposed metric: its name, type, help and series. Instruments of the same name and kind (the same instrument
/// created by several meter instances, e.g. one per component instance) feed the same family, as OpenTelemetry merges
/// identical instruments.
/// </summary>
internal sealed class Family(string name, MetricKind kind, Aggregation aggregation, string help, IReadOnlyList<double> bounds, int maxSeries)
{
    public string Name { get; } = name;

    public MetricKind Kind { get; } = kind;

    public Aggregation Aggregation { get; } = aggregation;

    public string Help { get; } = help;

    /// <summary>Histogram bucket upper bounds, ascending, without +Inf; empty for other kinds.</summary>
    public IReadOnlyList<double> Bounds { get; } = bounds;

    public SeriesTable Series { get; } = new(kind == MetricKind.Histogram ? bounds.Count + 1 : 0, maxSeries);

    /// <summary>True when the series only exist while their callback reports them.</summary>
    public bool IsObserved => Aggregation is Aggregation.ObservedSum or Aggregation.ObservedLast;

    /// <summary>Instruments feeding this family that are still alive.</summary>
    public int Instruments { get; set; }

    public void Record(double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, long generation)
    {
        switch (Aggregation)
        {
            case Aggregation.Add:
                // A counter that goes down, or by NaN, would break every rate() over it.
                if (double.IsFinite(measurement) && (Kind != MetricKind.Counter || measurement >= 0))
                {
                    Series.GetOrAdd(tags).Add(measurement);
                }

                break;
            case Aggregation.Set:
                Series.GetOrAdd(tags).Set(measurement);
                break;
            case Aggregation.Distribution:
                if (!double.IsNaN(measurement))
                {
                    Series.GetOrAdd(tags).Observe(Bounds, measurement);
                }

                break;
            default:
                // Observable callbacks run on the scraping thread, inside the collection lock.
                var series = Series.GetOrAdd(tags);
                if (series.Generation != generation || Aggregation == Aggregation.ObservedLast)
                {
                    series.Generation = generation;
                    series.Set(measurement);
                }
                else
                {
                    series.Add(measurement);
                }

                break;
        }
    }
}

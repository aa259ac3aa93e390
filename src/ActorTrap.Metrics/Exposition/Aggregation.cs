namespace ActorTrap.Metrics.Exposition;

/// <summary>How a measurement changes its series.</summary>
internal enum Aggregation
{
    /// <summary>Counter, UpDownCounter: add.</summary>
    Add,

    /// <summary>Gauge: the last value wins.</summary>
    Set,

    /// <summary>Observable counters and up-down counters: summed within one collection, reset by the next.</summary>
    ObservedSum,

    /// <summary>Observable gauges: the last value in one collection; series not observed in it are not exposed.</summary>
    ObservedLast,

    /// <summary>Histogram: count into a bucket, add to the sum.</summary>
    Distribution,
}

namespace ActorTrap.Metrics.Exposition;

/// <summary>The exposition type of a family (the <c># TYPE</c> word).</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

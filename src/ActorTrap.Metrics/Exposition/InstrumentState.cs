namespace ActorTrap.Metrics.Exposition;

/// <summary>What the listener keeps per enabled instrument: the family its measurements go to.</summary>
internal sealed class InstrumentState(Family family, PrometheusCollector collector)
{
    public Family Family { get; } = family;

    public PrometheusCollector Collector { get; } = collector;
}

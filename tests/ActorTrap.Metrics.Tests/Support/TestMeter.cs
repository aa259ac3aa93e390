using System.Diagnostics.Metrics;

namespace ActorTrap.Metrics.Tests.Support;

/// <summary>
/// A meter with a name no other test uses and a collector that listens to it alone: MeterListener sees every meter in
/// the process, and tests run in parallel.
/// </summary>
public sealed class TestMeter : IDisposable
{
    public TestMeter(PrometheusOptions? options = null)
    {
        Name = "ActorTrap.Test." + Guid.NewGuid().ToString("N");
        Meter = new Meter(Name);
        var name = Name;
        Collector = new PrometheusCollector((options ?? new PrometheusOptions()) with { MeterFilter = m => m == name });
    }

    public string Name { get; }

    public Meter Meter { get; }

    public PrometheusCollector Collector { get; }

    public Exposition Scrape() => ExpositionParser.Parse(Collector.Render());

    public void Dispose()
    {
        Collector.Dispose();
        Meter.Dispose();
    }
}

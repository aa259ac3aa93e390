using System.Diagnostics.Metrics;
using ActorTrap.Metrics.Tests.Support;

namespace ActorTrap.Metrics.Tests;

public sealed class ObservableSpec
{
    [Fact]
    public void Observable_gauge_reports_the_value_at_scrape_time()
    {
        using var t = new TestMeter();
        var depth = 3;
        t.Meter.CreateObservableGauge("actortrap.reputation.spool.depth", () => depth);

        Assert.Equal(3, t.Scrape().Family("actortrap_reputation_spool_depth").Samples.Single().Value);
        depth = 11;
        Assert.Equal(11, t.Scrape().Family("actortrap_reputation_spool_depth").Samples.Single().Value);
    }

    [Fact]
    public void Observable_series_not_reported_in_a_scrape_disappear()
    {
        using var t = new TestMeter();
        var zones = new List<string> { "a", "b" };
        t.Meter.CreateObservableGauge("zones", () => zones.Select(z => new Measurement<int>(1, new KeyValuePair<string, object?>("zone", z))));

        Assert.Equal(2, t.Scrape().Family("zones").Samples.Count);
        zones.Remove("a");
        Assert.Equal("b", t.Scrape().Family("zones").Samples.Single().Labels["zone"]);
    }

    [Fact]
    public void Observable_counters_of_two_instances_are_summed()
    {
        using var t = new TestMeter();
        using var second = new Meter(t.Name);
        t.Meter.CreateObservableCounter("queries", () => 10L);
        second.CreateObservableCounter("queries", () => 5L);

        Assert.Equal(15, t.Scrape().Family("queries_total").Samples.Single().Value);
        Assert.Equal(15, t.Scrape().Family("queries_total").Samples.Single().Value);
    }

    [Fact]
    public void Throwing_callback_is_counted_and_the_rest_still_renders()
    {
        using var t = new TestMeter();
        t.Meter.CreateObservableGauge<int>("broken", (Func<int>)(() => throw new InvalidOperationException("boom")));
        t.Meter.CreateCounter<long>("fine").Add(1);

        var scrape = t.Scrape();

        Assert.Equal(1, scrape.Family("fine_total").Samples.Single().Value);
        Assert.Equal(1, t.Collector.CallbackErrors);
    }

    [Fact]
    public void Counter_keeps_its_total_after_its_meter_is_disposed_but_observables_go()
    {
        using var t = new TestMeter();
        var extra = new Meter(t.Name);
        extra.CreateCounter<long>("kept").Add(4);
        extra.CreateObservableGauge("gone", () => 1);
        extra.Dispose();

        var scrape = t.Scrape();

        Assert.Equal(4, scrape.Family("kept_total").Samples.Single().Value);
        Assert.False(scrape.Has("gone"));
    }
}

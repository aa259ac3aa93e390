using System.Diagnostics.Metrics;
using ActorTrap.Metrics.Tests.Support;

namespace ActorTrap.Metrics.Tests;

public sealed class HistogramSpec
{
    [Fact]
    public void Buckets_are_cumulative_end_in_plus_Inf_and_count_and_sum_agree()
    {
        using var t = new TestMeter(new PrometheusOptions
        {
            HistogramBuckets = new Dictionary<string, IReadOnlyList<double>> { ["latency"] = [1, 5, 0.5] },
        });
        var histogram = t.Meter.CreateHistogram<double>("latency");
        foreach (var v in new[] { 0.1, 0.5, 0.7, 1, 3, 5, 9, 100 })
        {
            histogram.Record(v);
        }

        var family = t.Scrape().Family("latency");
        var buckets = family.Samples.Where(s => s.Name == "latency_bucket").Select(s => (s.Labels["le"], s.Value)).ToList();

        Assert.Equal("histogram", family.Type);
        Assert.Equal([("0.5", 2.0), ("1", 4.0), ("5", 6.0), ("+Inf", 8.0)], buckets);
        Assert.Equal(8, family.Value("latency_count"));
        Assert.Equal(119.3, family.Value("latency_sum"), 9);
    }

    [Fact]
    public void Instrument_advice_sets_the_buckets_when_the_options_do_not()
    {
        using var t = new TestMeter();
        var histogram = t.Meter.CreateHistogram<long>("sized", unit: "By", description: null, tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [64, 512] });
        histogram.Record(100);

        var bounds = t.Scrape().Family("sized_bytes").Samples.Where(s => s.Name == "sized_bytes_bucket").Select(s => s.Labels["le"]);

        Assert.Equal(["64", "512", "+Inf"], bounds);
    }

    [Fact]
    public void Default_buckets_are_the_Prometheus_client_defaults()
    {
        using var t = new TestMeter();
        t.Meter.CreateHistogram<double>("plain").Record(0.3);

        var bounds = t.Scrape().Family("plain").Samples.Where(s => s.Name == "plain_bucket").Select(s => s.Labels["le"]);

        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"], bounds);
    }

    [Fact]
    public void Each_label_set_has_its_own_buckets()
    {
        using var t = new TestMeter();
        var histogram = t.Meter.CreateHistogram<double>("per_zone");
        histogram.Record(0.001, new KeyValuePair<string, object?>("zone", "a"));
        histogram.Record(7, new KeyValuePair<string, object?>("zone", "b"));
        histogram.Record(7, new KeyValuePair<string, object?>("zone", "b"));

        var family = t.Scrape().Family("per_zone");

        Assert.Equal(1, family.Value("per_zone_bucket", ("zone", "a"), ("le", "0.005")));
        Assert.Equal(0, family.Value("per_zone_bucket", ("zone", "b"), ("le", "5")));
        Assert.Equal(2, family.Value("per_zone_bucket", ("zone", "b"), ("le", "10")));
        Assert.Equal(2, family.Value("per_zone_count", ("zone", "b")));
    }
}

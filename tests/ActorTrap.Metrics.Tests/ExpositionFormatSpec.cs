using System.Diagnostics.Metrics;
using ActorTrap.Metrics.Tests.Support;

namespace ActorTrap.Metrics.Tests;

public sealed class ExpositionFormatSpec
{
    [Fact]
    public void Counter_is_exposed_with_underscores_total_suffix_help_and_type()
    {
        using var t = new TestMeter();
        var counter = t.Meter.CreateCounter<long>("actortrap.smtp.connections", description: "Connections accepted, by outcome");
        counter.Add(3, new KeyValuePair<string, object?>("outcome", "held"));
        counter.Add(2, new KeyValuePair<string, object?>("outcome", "dropped"));
        counter.Add(1, new KeyValuePair<string, object?>("outcome", "held"));

        var family = t.Scrape().Family("actortrap_smtp_connections_total");

        Assert.Equal("counter", family.Type);
        Assert.Equal("Connections accepted, by outcome", family.Help);
        Assert.Equal(4, family.Value("actortrap_smtp_connections_total", ("outcome", "held")));
        Assert.Equal(2, family.Value("actortrap_smtp_connections_total", ("outcome", "dropped")));
    }

    [Fact]
    public void Unit_becomes_a_suffix_and_invalid_characters_become_underscores()
    {
        using var t = new TestMeter();
        t.Meter.CreateHistogram<double>("actortrap.smtp.session-duration", unit: "s").Record(1);
        t.Meter.CreateCounter<long>("9lives/bytes.sent", unit: "By").Add(1);
        t.Meter.CreateCounter<long>("already_total").Add(1);

        var scrape = t.Scrape();

        Assert.True(scrape.Has("actortrap_smtp_session_duration_seconds"));
        Assert.True(scrape.Has("_9lives_bytes_sent_bytes_total"));
        Assert.True(scrape.Has("already_total"));
    }

    [Fact]
    public void Label_values_with_backslash_quote_and_newline_are_escaped_and_read_back_exactly()
    {
        using var t = new TestMeter();
        var counter = t.Meter.CreateCounter<long>("escapes");
        const string nasty = "C:\\path \"quoted\"\nnext line \\n not a newline";
        counter.Add(1, new KeyValuePair<string, object?>("value", nasty));

        var text = t.Collector.Render();
        var family = ExpositionParser.Parse(text).Family("escapes_total");

        Assert.Contains("value=\"C:\\\\path \\\"quoted\\\"\\nnext line \\\\n not a newline\"", text, StringComparison.Ordinal);
        Assert.Equal(nasty, Assert.Single(family.Samples).Labels["value"]);
    }

    [Fact]
    public void Help_text_escapes_backslash_and_newline()
    {
        using var t = new TestMeter();
        t.Meter.CreateCounter<long>("helpful", description: "first line\nsecond \\ line").Add(1);

        var text = t.Collector.Render();

        Assert.Contains("# HELP helpful_total first line\\nsecond \\\\ line\n", text, StringComparison.Ordinal);
        Assert.Equal("first line\nsecond \\ line", ExpositionParser.Parse(text).Family("helpful_total").Help);
    }

    [Fact]
    public void Tag_keys_become_valid_label_names_and_le_is_kept_for_buckets()
    {
        using var t = new TestMeter();
        t.Meter.CreateHistogram<double>("h").Record(0.2, new("le", "mine"), new("dns.zone", "x"), new("__reserved", "r"), new("1st", "one"));

        var family = t.Scrape().Family("h");
        var sample = family.Samples.First(s => s.Name == "h_bucket");

        Assert.Equal("mine", sample.Labels["_le"]);
        Assert.Equal("x", sample.Labels["dns_zone"]);
        Assert.Equal("r", sample.Labels["_reserved"]);
        Assert.Equal("one", sample.Labels["_1st"]);
        Assert.Equal("0.005", sample.Labels["le"]);
    }

    [Fact]
    public void Tags_in_a_different_order_update_the_same_series()
    {
        using var t = new TestMeter();
        var counter = t.Meter.CreateCounter<int>("ordered");
        counter.Add(1, new("a", "1"), new("b", "2"));
        counter.Add(1, new("b", "2"), new("a", "1"));

        var family = t.Scrape().Family("ordered_total");

        Assert.Equal(2, Assert.Single(family.Samples).Value);
        Assert.Equal(["a", "b"], family.Samples[0].Labels.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_family_appears_once_sorted_by_name_and_two_scrapes_are_identical()
    {
        using var t = new TestMeter();
        t.Meter.CreateCounter<long>("zeta").Add(1, new KeyValuePair<string, object?>("k", "b"));
        t.Meter.CreateCounter<long>("zeta").Add(1, new KeyValuePair<string, object?>("k", "a")); // same name again: merged
        t.Meter.CreateUpDownCounter<long>("alpha").Add(-3);
        t.Meter.CreateObservableGauge("mid", () => 7.5);
        t.Meter.CreateHistogram<long>("beta").Record(3);

        var first = t.Collector.Render();
        var second = t.Collector.Render();
        var names = ExpositionParser.Parse(first).Families.Select(f => f.Name).ToList();

        Assert.Equal(first, second);
        Assert.Equal(["alpha", "beta", "mid", "zeta_total"], names);
        Assert.Equal(-3, ExpositionParser.Parse(first).Family("alpha").Samples[0].Value);
        Assert.Equal(["a", "b"], ExpositionParser.Parse(first).Family("zeta_total").Samples.Select(s => s.Labels["k"]));
    }

    [Fact]
    public void Instrument_of_another_kind_with_an_exposed_name_already_taken_is_skipped()
    {
        using var t = new TestMeter();
        t.Meter.CreateCounter<long>("clash").Add(5);
        t.Meter.CreateUpDownCounter<long>("clash_total").Add(100);

        var scrape = t.Scrape();

        Assert.Equal(5, scrape.Family("clash_total").Samples.Single().Value);
        Assert.Equal(1, t.Collector.SkippedInstruments);
    }

    [Fact]
    public void Meters_outside_the_filter_are_not_exposed()
    {
        using var t = new TestMeter();
        using var other = new Meter("Somebody.Else");
        other.CreateCounter<long>("foreign").Add(1);
        t.Meter.CreateCounter<long>("ours").Add(1);

        var scrape = t.Scrape();

        Assert.False(scrape.Has("foreign_total"));
        Assert.True(scrape.Has("ours_total"));
    }

    [Fact]
    public void Default_filter_takes_every_ActorTrap_meter()
    {
        var options = new PrometheusOptions();

        Assert.True(options.MeterFilter(MeterNames.Publish));
        Assert.True(options.MeterFilter(MeterNames.Smtp));
        Assert.False(options.MeterFilter("System.Net.Http"));
    }

    [Fact]
    public void Counter_ignores_negative_and_non_finite_increments()
    {
        using var t = new TestMeter();
        var counter = t.Meter.CreateCounter<double>("monotonic");
        counter.Add(2);
        counter.Add(-1);
        counter.Add(double.NaN);
        counter.Add(double.PositiveInfinity);

        Assert.Equal(2, t.Scrape().Family("monotonic_total").Samples.Single().Value);
    }

    [Fact]
    public void Values_are_written_as_shortest_round_trip_numbers()
    {
        using var t = new TestMeter();
        var gauge = t.Meter.CreateUpDownCounter<double>("g");
        gauge.Add(0.1, new KeyValuePair<string, object?>("i", 1));
        gauge.Add(1e-7, new KeyValuePair<string, object?>("i", 2));
        gauge.Add(12345678901234567890.0, new KeyValuePair<string, object?>("i", 3));

        var family = t.Scrape().Family("g");

        Assert.Equal(0.1, family.Value("g", ("i", "1")));
        Assert.Equal(1e-7, family.Value("g", ("i", "2")));
        Assert.Equal(12345678901234567890.0, family.Value("g", ("i", "3")));
    }
}

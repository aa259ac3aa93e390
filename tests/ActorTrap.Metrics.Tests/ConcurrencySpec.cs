using ActorTrap.Metrics.Tests.Support;

namespace ActorTrap.Metrics.Tests;

public sealed class ConcurrencySpec
{
    [Fact]
    public async Task Concurrent_writers_lose_no_increment_while_scrapes_keep_parsing()
    {
        using var t = new TestMeter();
        var counter = t.Meter.CreateCounter<long>("hits");
        var histogram = t.Meter.CreateHistogram<double>("lat");
        const int threads = 4;
        const int perThread = 50_000;
        using var done = new CancellationTokenSource();
        var scraping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scraper = Task.Run(() =>
        {
            var scrapes = 0;
            do
            {
                ExpositionParser.Parse(t.Collector.Render()); // throws on a torn histogram or a bad line
                scrapes++;
                scraping.TrySetResult();
            }
            while (!done.IsCancellationRequested);

            return scrapes;
        });

        // Writers start once scrapes run, so the two overlap however the threads get scheduled.
        await scraping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var writers = Enumerable.Range(0, threads).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("worker", w % 2));
                histogram.Record(i % 7 * 0.01);
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        await done.CancelAsync();
        var scrapes = await scraper.WaitAsync(TimeSpan.FromSeconds(30));

        var scrape = t.Scrape();
        Assert.Equal(threads * perThread, scrape.Family("hits_total").Samples.Sum(s => s.Value));
        Assert.Equal(threads * perThread, scrape.Family("lat").Value("lat_count"));
        Assert.True(scrapes >= 1);
    }

    [Fact]
    public void Label_sets_beyond_the_limit_go_to_one_overflow_series_and_totals_stay_right()
    {
        using var t = new TestMeter(new PrometheusOptions { MaxSeriesPerMetric = 10 });
        var counter = t.Meter.CreateCounter<long>("per_client");
        for (var i = 0; i < 1000; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("client", $"192.0.2.{i}"));
        }

        var family = t.Scrape().Family("per_client_total");

        Assert.Equal(11, family.Samples.Count);
        Assert.Equal(990, family.Value("per_client_total", ("otel_metric_overflow", "true")));
        Assert.Equal(1000, family.Samples.Sum(s => s.Value));
    }
}

using System.Diagnostics.Metrics;
using ActorTrap.Metrics.Exposition;

namespace ActorTrap.Metrics;

/// <summary>Which instruments become which families.</summary>
public sealed partial class PrometheusCollector
{
    private void OnInstrumentPublished(Instrument instrument, MeterListener source)
    {
        if (!options.MeterFilter(instrument.Meter.Name) || !TryClassify(instrument, out var kind, out var aggregation))
        {
            return;
        }

        var name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, kind);
        Family family;
        lock (gate)
        {
            if (families.TryGetValue(name, out var existing))
            {
                if (existing.Kind != kind || existing.Aggregation != aggregation)
                {
                    // Two different things cannot share one exposed name; the first one keeps it.
                    Interlocked.Increment(ref skippedInstruments);
                    return;
                }

                family = existing;
            }
            else
            {
                var help = string.IsNullOrWhiteSpace(instrument.Description) ? $"{instrument.Name} (meter {instrument.Meter.Name})" : instrument.Description;
                family = new Family(name, kind, aggregation, help, kind == MetricKind.Histogram ? Bounds(instrument) : [], options.MaxSeriesPerMetric);
                families.Add(name, family);
            }

            family.Instruments++;
        }

        source.EnableMeasurementEvents(instrument, new InstrumentState(family, this));
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not InstrumentState s)
        {
            return;
        }

        lock (gate)
        {
            // Counters keep their totals (a restart of one component must not look like a counter reset); observed
            // series belong to callbacks that no longer exist.
            if (--s.Family.Instruments == 0 && s.Family.IsObserved)
            {
                families.Remove(s.Family.Name);
            }
        }
    }

    private IReadOnlyList<double> Bounds(Instrument instrument)
    {
        if (options.HistogramBuckets.TryGetValue(instrument.Name, out var configured))
        {
            return Normalize(configured);
        }

        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToList(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToList(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToList(),
            _ => null,
        };
        return Normalize(advised ?? PrometheusOptions.DefaultBuckets);
    }

    // Ascending, distinct, finite: +Inf is always added by the exposition itself.
    private static List<double> Normalize(IEnumerable<double> bounds) =>
        [.. bounds.Where(double.IsFinite).Distinct().Order()];

    private static bool TryClassify(Instrument instrument, out MetricKind kind, out Aggregation aggregation)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        (kind, aggregation) = definition switch
        {
            _ when definition == typeof(Counter<>) => (MetricKind.Counter, Aggregation.Add),
            _ when definition == typeof(UpDownCounter<>) => (MetricKind.Gauge, Aggregation.Add),
            _ when definition == typeof(Gauge<>) => (MetricKind.Gauge, Aggregation.Set),
            _ when definition == typeof(Histogram<>) => (MetricKind.Histogram, Aggregation.Distribution),
            _ when definition == typeof(ObservableCounter<>) => (MetricKind.Counter, Aggregation.ObservedSum),
            _ when definition == typeof(ObservableUpDownCounter<>) => (MetricKind.Gauge, Aggregation.ObservedSum),
            _ when definition == typeof(ObservableGauge<>) => (MetricKind.Gauge, Aggregation.ObservedLast),
            _ => ((MetricKind)(-1), (Aggregation)(-1)),
        };
        return (int)kind >= 0;
    }
}

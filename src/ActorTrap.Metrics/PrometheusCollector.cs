using System.Diagnostics.Metrics;
using System.Text;
using ActorTrap.Metrics.Exposition;

namespace ActorTrap.Metrics;

/// <summary>
/// Collects <see cref="System.Diagnostics.Metrics"/> instruments of the selected meters and renders them in the
/// Prometheus text exposition format 0.0.4 (no exporter package can be restored here). Recording is lock-free and
/// allocation-free once a label set exists; the scrape sorts families by name and series by labels, so output is
/// stable. One instance per process is enough (a <see cref="MeterListener"/> sees every meter).
/// </summary>
public sealed partial class PrometheusCollector : IDisposable
{
    /// <summary>The Content-Type of the exposition, as Prometheus expects it for format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly PrometheusOptions options;
    private readonly MeterListener listener;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Family> families = new(StringComparer.Ordinal);
    private long generation;
    private long callbackErrors;
    private int skippedInstruments;

    public PrometheusCollector(PrometheusOptions? options = null)
    {
        this.options = options ?? new PrometheusOptions();
        listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        listener.SetMeasurementEventCallback<byte>(static (_, m, t, s) => Record(s, m, t));
        listener.SetMeasurementEventCallback<short>(static (_, m, t, s) => Record(s, m, t));
        listener.SetMeasurementEventCallback<int>(static (_, m, t, s) => Record(s, m, t));
        listener.SetMeasurementEventCallback<long>(static (_, m, t, s) => Record(s, m, t));
        listener.SetMeasurementEventCallback<float>(static (_, m, t, s) => Record(s, m, t));
        listener.SetMeasurementEventCallback<double>(static (_, m, t, s) => Record(s, m, t));
        listener.SetMeasurementEventCallback<decimal>(static (_, m, t, s) => Record(s, (double)m, t));
        listener.Start();
    }

    /// <summary>Observable callbacks that threw during a scrape (their series are left out of that scrape).</summary>
    public long CallbackErrors => Interlocked.Read(ref callbackErrors);

    /// <summary>Instruments ignored because another instrument of a different kind already has their exposed name.</summary>
    public int SkippedInstruments => Volatile.Read(ref skippedInstruments);

    /// <summary>Runs the observable callbacks and renders every family: HELP, TYPE, then samples.</summary>
    public string Render()
    {
        var text = new StringBuilder(4096);
        lock (gate)
        {
            var current = ++generation;
            try
            {
                listener.RecordObservableInstruments();
            }
#pragma warning disable CA1031 // a faulty callback must not take the whole /metrics page down
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref callbackErrors);
            }

            foreach (var family in families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                ExpositionWriter.Write(text, family, current);
            }
        }

        return text.ToString();
    }

    /// <summary>Renders into <paramref name="destination"/> as UTF-8.</summary>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = Encoding.UTF8.GetBytes(Render());
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => listener.Dispose();

    internal long Generation => Volatile.Read(ref generation);

    private static void Record(object? state, double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (state is InstrumentState s)
        {
            s.Family.Record(measurement, tags, s.Collector.Generation);
        }
    }
}

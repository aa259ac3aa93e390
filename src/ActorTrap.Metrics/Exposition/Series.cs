namespace ActorTrap.Metrics.Exposition;

/// <summary>
/// One label set of one family and its value. Written concurrently from the instrumented code's threads (atomics
/// only, no locks); read by the scrape.
/// </summary>
internal sealed class Series
{
    private double value;
    private double sum;

    public Series(KeyValuePair<string, object?>[] tags, string labelText, int bucketCount)
    {
        Tags = tags;
        LabelText = labelText;
        Buckets = bucketCount > 0 ? new long[bucketCount] : null;
    }

    /// <summary>The tags as first recorded, compared against each measurement's tags.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>The rendered, sorted, escaped label pairs without braces, e.g. <c>outcome="held",zone="x"</c>; empty for none.</summary>
    public string LabelText { get; }

    /// <summary>Per-bucket (not cumulative) counts; the last element counts values above every bound (+Inf).</summary>
    public long[]? Buckets { get; }

    /// <summary>The collection in which an observable series was last reported.</summary>
    public long Generation { get; set; }

    public double Value => Volatile.Read(ref value);

    public double Sum => Volatile.Read(ref sum);

    public void Add(double delta) => AddTo(ref value, delta);

    public void Set(double newValue) => Volatile.Write(ref value, newValue);

    public void Observe(IReadOnlyList<double> bounds, double measurement)
    {
        // Upper bounds are inclusive (le = "less than or equal"), as Prometheus defines them.
        var index = BinarySearch(bounds, measurement);
        Interlocked.Increment(ref Buckets![index]);
        AddTo(ref sum, measurement);
    }

    private static int BinarySearch(IReadOnlyList<double> bounds, double measurement)
    {
        int lo = 0, hi = bounds.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (measurement <= bounds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private static void AddTo(ref double location, double delta)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + delta, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}

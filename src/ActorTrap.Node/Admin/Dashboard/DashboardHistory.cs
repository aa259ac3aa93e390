namespace ActorTrap.Node.Admin.Dashboard;

/// <summary>
/// The last <c>keep</c> of dashboard samples, one every <c>every</c> on the node's clock, in a fixed ring (no growth
/// however long the node runs): a page opened now draws the last hour at once instead of starting empty. The first
/// sample is taken when it is created, so increases between samples add up to the totals since then. Thread-safe.
/// </summary>
internal sealed class DashboardHistory : IDisposable
{
    /// <summary>Ten seconds: 360 points an hour, finer than a chart a few hundred pixels wide can show.</summary>
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromSeconds(10);

    /// <summary>An hour, what issue 17 asked for; a few hundred kilobytes at most.</summary>
    public static readonly TimeSpan DefaultKeep = TimeSpan.FromHours(1);

    private readonly Func<DashboardSample> read;
    private readonly DashboardSample?[] ring;
    private readonly Lock gate = new();
    private readonly ITimer timer;
    private int next;
    private int count;

    public DashboardHistory(Func<DashboardSample> read, TimeProvider time, TimeSpan every, TimeSpan keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, every);
        this.read = read;
        Every = every;
        ring = new DashboardSample?[(int)(keep.Ticks / every.Ticks)];
        Sample();
        timer = time.CreateTimer(static state => ((DashboardHistory)state!).Sample(), this, every, every);
    }

    public TimeSpan Every { get; }

    /// <summary>The samples kept, oldest first.</summary>
    public IReadOnlyList<DashboardSample> Snapshot()
    {
        lock (gate)
        {
            var samples = new List<DashboardSample>(count);
            for (var i = 0; i < count; i++)
            {
                samples.Add(ring[(next - count + i + ring.Length) % ring.Length]!);
            }

            return samples;
        }
    }

    private void Sample()
    {
        var sample = read();
        lock (gate)
        {
            ring[next] = sample;
            next = (next + 1) % ring.Length;
            count = Math.Min(count + 1, ring.Length);
        }
    }

    public void Dispose() => timer.Dispose();
}

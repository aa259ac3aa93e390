
namespace ActorTrap.Node.Session;

/// <summary>
/// The last verdicts in memory (bounded ring), counted: the verdict sink of a node without a reputation stage, and
/// what the admin API shows as "recent". Thread-safe; never blocks a session for more than a short lock.
/// </summary>
internal sealed class RecentVerdicts(int capacity = 1000) : IVerdictSink
{
    private readonly Verdict[] ring = new Verdict[capacity];
    private readonly Lock gate = new();
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Submit(Verdict verdict)
    {
        lock (gate)
        {
            ring[count % ring.Length] = verdict;
            count++;
        }
    }

    /// <summary>The most recent verdicts, newest last.</summary>
    public IReadOnlyList<Verdict> Latest(int max = int.MaxValue)
    {
        lock (gate)
        {
            var n = (int)Math.Min(Math.Min(count, ring.Length), max);
            var result = new Verdict[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = ring[(count - n + i) % ring.Length];
            }

            return result;
        }
    }
}

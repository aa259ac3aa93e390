using System.Diagnostics;
using System.Net;
using ActorTrap.Node.Hosting;

namespace ActorTrap.ClusterBench;

/// <summary>
/// One thread per node submitting verdicts through the node's verdict sink, as its sessions would, about addresses
/// drawn at random (fixed seed) from <paramref name="addresses"/>. Flow control: at most <paramref name="window"/> of
/// this node's verdicts wait for their entity's acknowledgement at any time (below the outbox's max-unacknowledged,
/// past which the node would write them itself instead of through sharding); with <paramref name="rate"/> above 0, also
/// at most that many per second (a sustained offered load instead of as fast as acknowledgements come). Bounded by
/// <paramref name="deadline"/>.
/// </summary>
internal sealed class VerdictSubmitter(NodeHost node, IReadOnlyList<IPAddress> addresses, int count, int window, int seed, Stopwatch clock, TimeSpan deadline,
    int rate = 0)
{
    private Thread? thread;

    public Exception? Error { get; private set; }

    public void Start()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "submit-" + node.Settings.Node.Name };
        thread.Start();
    }

    public void Join() => thread?.Join();

    private void Run()
    {
        try
        {
            var sink = node.VerdictSink;
            var counters = node.Reputation.Counters;
            var name = node.Settings.Node.Name;
            var acceptedBase = counters.VerdictsAccepted;
            var random = new Random(seed);
            var now = DateTimeOffset.UtcNow;
            var start = clock.Elapsed;
            for (var i = 0; i < count; i++)
            {
                while (i - (counters.VerdictsAccepted - acceptedBase) >= window || (rate > 0 && (clock.Elapsed - start).TotalSeconds * rate < i))
                {
                    if (clock.Elapsed > deadline)
                    {
                        throw new TimeoutException($"{name}: {i} of {count} submitted when the deadline passed");
                    }

                    Thread.Sleep(1);
                }

                if ((i & 1023) == 0)
                {
                    now = DateTimeOffset.UtcNow;
                }

                sink.Submit(BenchVerdicts.Unlisting(addresses[random.Next(addresses.Count)], name, now));
            }
        }
        catch (Exception e) when (e is TimeoutException)
        {
            Error = e;
        }
    }
}

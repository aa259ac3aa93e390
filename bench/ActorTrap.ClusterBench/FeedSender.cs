using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Session;

namespace ActorTrap.ClusterBench;

/// <summary>
/// Verdicts for <c>actortrap run</c> processes as signed UDP feed lines (docs/udp-feed.md), the way a detector node
/// sends them: a steady stream of <paramref name="rate"/> lines per second to each target about addresses drawn from
/// 20,000 in 10.0.0.0/8, and every <paramref name="probeInterval"/> one probe per shard (a fresh address of that shard)
/// to the targets in turn, each recorded with the time it was sent. One thread; stops when told or at its deadline.
/// </summary>
internal sealed class FeedSender(IReadOnlyList<IPEndPoint> targets, byte[] key, int rate, ProbeAddresses probes, TimeSpan probeInterval, Stopwatch clock,
    TimeSpan deadline) : IDisposable
{
    private const int StreamAddresses = 20_000;
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly List<ProbeSent> sent = [];
    private readonly Lock gate = new();
    private Thread? thread;
    private volatile bool stopping;
    private long sequence;

    /// <summary>Lines sent, stream and probes.</summary>
    public long Lines => Interlocked.Read(ref sequence);

    public IReadOnlyList<ProbeSent> ProbesSent()
    {
        lock (gate)
        {
            return [.. sent];
        }
    }

    public void Start()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "feed-sender" };
        thread.Start();
    }

    public void Stop()
    {
        stopping = true;
        thread?.Join();
    }

    private void Run()
    {
        var random = new Random(14);
        var start = clock.Elapsed;
        long streamed = 0;
        var nextProbe = start;
        var probeTarget = 0;
        while (!stopping && clock.Elapsed < deadline)
        {
            var now = clock.Elapsed;
            var due = (long)((now - start).TotalSeconds * rate);
            for (; streamed < due; streamed++)
            {
                foreach (var target in targets)
                {
                    Send(BenchVerdicts.Routable(1 + random.Next(StreamAddresses)), target);
                }
            }

            if (now >= nextProbe)
            {
                nextProbe = now + probeInterval;
                for (var shard = 0; shard < probes.Shards; shard++)
                {
                    var address = probes.Next(shard);
                    var target = targets[probeTarget++ % targets.Count];
                    Send(address, target);
                    lock (gate)
                    {
                        sent.Add(new ProbeSent(shard, address, clock.Elapsed));
                    }
                }
            }

            Thread.Sleep(5);
        }
    }

    private void Send(IPAddress client, IPEndPoint target)
    {
        // Each line differs (its duration carries a sequence number): the collector rejects a repeated line as a replay.
        var n = Interlocked.Increment(ref sequence);
        var end = DateTimeOffset.UtcNow;
        var verdict = BenchVerdicts.Unlisting(client, "bench-feed", end) with { Start = end - TimeSpan.FromMilliseconds(n % 600_000) };
        socket.SendTo(FeedLine.Format(verdict, KeyId, key), target);
    }

    public void Dispose() => socket.Dispose();

    public static byte[] Key(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The reporter the bench signs as; the nodes list it as trusted, with no practical cap.</summary>
    public const string KeyId = "bench";
}

/// <summary>A probe line: its shard, address and when it went out (on the bench's stopwatch).</summary>
internal sealed record ProbeSent(int Shard, IPAddress Address, TimeSpan SentAt);

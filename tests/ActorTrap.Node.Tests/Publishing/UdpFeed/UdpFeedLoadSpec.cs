using System.Net;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging.Abstractions;
using static ActorTrap.Node.Tests.Publishing.UdpFeed.FeedLineSpec;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

public sealed class UdpFeedLoadSpec
{
    private const int Senders = 4;
    private const int LinesPerSender = 25_000;

    /// <summary>
    /// Each sender has at most this many lines the collector has not yet handed on: a sustainable rate on any machine,
    /// well inside the kernel's default socket buffer (net.core.rmem_default, 208 KiB).
    /// </summary>
    private const int CreditsPerSender = 32;

    [Fact]
    public async Task Hundred_thousand_lines_from_four_senders_arrive_without_loss_at_a_paced_rate()
    {
        var sink = new CreditSink(Senders, CreditsPerSender);
        using var stats = new FeedStats();
        using var collector = new UdpFeedCollector(new IPEndPoint(IPAddress.Loopback, 0), Policy(Reporter(maxNewPerMinute: 10_000_000)), TimeSpan.FromMinutes(5), 1_000_000, sink, stats,
            TimeProvider.System, NullLogger.Instance);
        var senderStats = Enumerable.Range(0, Senders).Select(_ => new FeedStats()).ToArray();
        var senders = senderStats.Select(s => new UdpFeedSender(collector.EndPoint, KeyId, Key, 1_000, s, NullLogger.Instance)).ToArray();
        var now = DateTimeOffset.UtcNow;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var work = Enumerable.Range(0, Senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < LinesPerSender; i++)
            {
                await sink.Credits[s].WaitAsync(deadline.Token); // a lost line would stall here until the deadline
                // 11.0.0.0/8 is routable: the collector ignores reports about special-use space such as 10/8 (issue 18).
                var ip = new IPAddress([11, (byte)s, (byte)(i >> 8), (byte)i]);
                senders[s].Submit(Verdict(ip.ToString(), score: i, end: now) with { Node = $"sender-{s}" });
            }
        })).ToArray();
        await Task.WhenAll(work).WaitAsync(deadline.Token);
        for (var s = 0; s < Senders; s++)
        {
            for (var c = 0; c < CreditsPerSender; c++)
            {
                await sink.Credits[s].WaitAsync(deadline.Token); // every credit back: every line arrived
            }
        }

        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }

        Assert.Equal(Senders * LinesPerSender, stats.Accepted);
        Assert.All(sink.PerSender, n => Assert.Equal(LinesPerSender, n));
        Assert.Equal(Senders * LinesPerSender, sink.Distinct.Count);
        Assert.Equal(0, Enum.GetValues<FeedRejection>().Where(r => r != FeedRejection.None).Sum(stats.Lines));
        Assert.All(senderStats, s => Assert.Equal((LinesPerSender, 0L, 0L), (s.Sent, s.SendDropped, s.SendFailed)));
        foreach (var s in senderStats)
        {
            s.Dispose();
        }
    }

    /// <summary>Counts what arrives per sender and gives that sender a credit back for each line.</summary>
    private sealed class CreditSink : IVerdictSink
    {
        public CreditSink(int senders, int credits)
        {
            Credits = [.. Enumerable.Range(0, senders).Select(_ => new SemaphoreSlim(credits))];
            PerSender = new int[senders];
        }

        public SemaphoreSlim[] Credits { get; }

        public int[] PerSender { get; }

        public HashSet<(string, IPAddress)> Distinct { get; } = [];

        public void Submit(Verdict verdict)
        {
            var s = verdict.Node[^1] - '0';
            PerSender[s]++; // the collector calls from one thread
            Distinct.Add((verdict.Node, verdict.Client));
            Credits[s].Release();
        }
    }
}

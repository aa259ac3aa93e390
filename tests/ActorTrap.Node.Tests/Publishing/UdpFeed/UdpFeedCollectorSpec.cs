using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Publishing.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ActorTrap.Node.Tests.Publishing.UdpFeed.FeedLineSpec;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

public sealed class UdpFeedCollectorSpec : IDisposable
{
    private readonly ManualTimeProvider clock = new(FeedLineSpec.End);
    private readonly RecordingSink sink = new();
    private readonly FeedStats stats = new();
    private readonly UdpFeedCollector collector;
    private readonly Socket sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpFeedCollectorSpec()
    {
        collector = new UdpFeedCollector(new IPEndPoint(IPAddress.Loopback, 0), Key, TimeSpan.FromSeconds(30), 1_000_000, sink, stats, clock, NullLogger.Instance);
    }

    public void Dispose()
    {
        sender.Dispose();
        collector.Dispose();
        stats.Dispose();
    }

    private async Task<long> SendAsync(byte[] datagram, FeedRejection expected)
    {
        var before = stats.Lines(expected);
        await sender.SendToAsync(datagram, SocketFlags.None, collector.EndPoint);
        await Eventually.TrueAsync(() => stats.Lines(expected) > before, what: $"a line counted as {expected}");
        return stats.Lines(expected);
    }

    [Fact]
    public async Task Valid_line_is_handed_to_the_sink()
    {
        await SendAsync(FeedLine.Format(Verdict(), Key), FeedRejection.None);

        var verdict = Assert.Single(sink.Verdicts);
        Assert.Equal((IPAddress.Parse("192.0.2.9"), 3.5), (verdict.Client, verdict.Score));
    }

    [Fact]
    public async Task Forged_replayed_stale_truncated_and_oversized_lines_are_each_counted_and_none_reaches_the_sink()
    {
        var line = FeedLine.Format(Verdict(), Key);
        await SendAsync(line, FeedRejection.None);

        var forged = line.ToArray();
        forged[20] ^= 1;
        await SendAsync(forged, FeedRejection.BadMac);
        await SendAsync(line, FeedRejection.Replayed);
        await SendAsync(line[..^10], FeedRejection.Malformed);
        await SendAsync(new byte[700], FeedRejection.Oversized);
        clock.Advance(TimeSpan.FromSeconds(31));
        await SendAsync(FeedLine.Format(Verdict(ip: "192.0.2.10"), Key), FeedRejection.Stale);

        Assert.Single(sink.Verdicts);
        Assert.Equal(1, stats.Accepted);
    }

    [Fact]
    public async Task Line_signed_in_the_future_beyond_the_window_is_stale()
    {
        await SendAsync(FeedLine.Format(Verdict(end: FeedLineSpec.End.AddMinutes(1)), Key), FeedRejection.Stale);

        Assert.Empty(sink.Verdicts);
    }
}

using System.Net;
using System.Text;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Publishing.Support;
using ActorTrap.TestPeers;
using Microsoft.Extensions.Logging.Abstractions;
using static ActorTrap.Node.Tests.Publishing.UdpFeed.FeedLineSpec;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

public sealed class UdpFeedCollectorSpec : IDisposable
{
    /// <summary>Globally routable: the collector ignores reports about special-use space (192.0.2.0/24 included).</summary>
    private const string Client = "11.0.2.9";

    private static readonly byte[] KeyB = Encoding.UTF8.GetBytes("det-b-key-0123456789abcdef");

    private readonly ManualTimeProvider clock = new(FeedLineSpec.End);
    private readonly RecordingSink sink = new();
    private readonly FeedStats stats = new();
    private readonly UdpFeedCollector collector;
    private readonly FeedDatagrams sender;

    public UdpFeedCollectorSpec()
    {
        collector = new UdpFeedCollector(new IPEndPoint(IPAddress.Loopback, 0), Policy(Reporter(), Reporter("det-b", KeyB, trusted: true, maxNewPerMinute: 100)),
            TimeSpan.FromSeconds(30), 1_000_000, sink, stats, clock, NullLogger.Instance);
        sender = new FeedDatagrams(collector.EndPoint, stats);
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
        await sender.SendAsync(datagram);
        Assert.Equal(before + 1, stats.Lines(expected));
        return stats.Lines(expected);
    }

    [Fact]
    public async Task Valid_line_is_handed_to_the_sink_marked_with_the_reporter_whose_key_signed_it()
    {
        await SendAsync(FeedLine.Format(Verdict(Client), KeyId, Key), FeedRejection.None);
        await SendAsync(FeedLine.Format(Verdict("11.0.2.10"), "det-b", KeyB), FeedRejection.None);

        var verdicts = sink.Verdicts.ToList();
        Assert.Equal((IPAddress.Parse(Client), 3.5, "det-a", false), (verdicts[0].Client, verdicts[0].Score, verdicts[0].ReporterId, verdicts[0].ReporterTrusted));
        Assert.Equal(("det-b", true), (verdicts[1].ReporterId, verdicts[1].ReporterTrusted));
        Assert.Equal((1L, 1L), (stats.Reporter("det-a").Accepted, stats.Reporter("det-b").Accepted));
        Assert.Equal(clock.GetUtcNow(), stats.Reporter("det-a").LastAccepted);
    }

    [Fact]
    public async Task Forged_replayed_stale_truncated_and_oversized_lines_are_each_counted_and_none_reaches_the_sink()
    {
        var line = FeedLine.Format(Verdict(Client), KeyId, Key);
        await SendAsync(line, FeedRejection.None);

        var forged = line.ToArray();
        forged[20] ^= 1;
        await SendAsync(forged, FeedRejection.BadMac);
        await SendAsync(line, FeedRejection.Replayed);
        await SendAsync(line[..^10], FeedRejection.Malformed);
        await SendAsync(new byte[700], FeedRejection.Oversized);
        clock.Advance(TimeSpan.FromSeconds(31));
        await SendAsync(FeedLine.Format(Verdict("11.0.2.10"), KeyId, Key), FeedRejection.Stale);

        Assert.Single(sink.Verdicts);
        Assert.Equal(1, stats.Accepted);
        Assert.Equal((1L, 1L, 1L), (stats.Reporter(KeyId).Lines(FeedRejection.BadMac), stats.Reporter(KeyId).Lines(FeedRejection.Replayed),
            stats.Reporter(KeyId).Lines(FeedRejection.Stale)));
    }

    [Fact]
    public async Task Line_signed_in_the_future_beyond_the_window_is_stale()
    {
        await SendAsync(FeedLine.Format(Verdict(Client, end: FeedLineSpec.End.AddMinutes(1)), KeyId, Key), FeedRejection.Stale);

        Assert.Empty(sink.Verdicts);
    }

    [Fact]
    public async Task Out_of_order_lines_inside_the_replay_window_are_accepted_and_a_replay_of_either_is_not_issue_18()
    {
        clock.Advance(TimeSpan.FromSeconds(20));
        var newer = FeedLine.Format(Verdict(Client, end: clock.GetUtcNow()), KeyId, Key);
        var older = FeedLine.Format(Verdict("11.0.2.10", end: clock.GetUtcNow() - TimeSpan.FromSeconds(15)), KeyId, Key);

        await SendAsync(newer, FeedRejection.None);
        await SendAsync(older, FeedRejection.None);
        await SendAsync(older, FeedRejection.Replayed);
        await SendAsync(newer, FeedRejection.Replayed);

        Assert.Equal(2, sink.Verdicts.Count);
    }

    [Fact]
    public async Task Untrusted_key_flooding_ten_thousand_distinct_addresses_gets_only_its_per_minute_cap_through_and_the_excess_is_counted_issue_18()
    {
        collector.UsePolicy(Policy(Reporter(maxNewPerMinute: 100)));

        await sender.SendAsync(Enumerable.Range(0, 10_000).Select(i => FeedLine.Format(Verdict(Routable(i)), KeyId, Key)));

        Assert.Equal((100L, 9_900L), (stats.Reporter(KeyId).Accepted, stats.Reporter(KeyId).Lines(FeedRejection.Capped)));
        Assert.Equal(100, sink.Verdicts.Count);
        // An address counted this minute passes again; the next minute brings a new allowance.
        await SendAsync(FeedLine.Format(Verdict(Routable(0), score: 4), KeyId, Key), FeedRejection.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(FeedLine.Format(Verdict(Routable(10_001), end: clock.GetUtcNow()), KeyId, Key), FeedRejection.None);
    }

    [Fact]
    public async Task Reports_about_special_use_and_allow_listed_addresses_are_ignored_and_counted_issue_18()
    {
        collector.UsePolicy(new FeedPolicy([Reporter()], [IPNetwork.Parse("12.34.0.0/16")]));

        foreach (var address in new[] { "10.1.2.3", "127.0.0.1", "192.168.1.1", "192.0.2.9", "100.64.0.1", "::1", "fe80::1", "2001:db8::7", "fd00::1" })
        {
            await SendAsync(FeedLine.Format(Verdict(address), KeyId, Key), FeedRejection.SpecialUse);
        }

        await SendAsync(FeedLine.Format(Verdict("12.34.5.6"), KeyId, Key), FeedRejection.AllowListed);
        await SendAsync(FeedLine.Format(Verdict("2a00:1450::7"), KeyId, Key), FeedRejection.None);

        Assert.Single(sink.Verdicts);
        Assert.Equal((9L, 1L), (stats.Reporter(KeyId).Lines(FeedRejection.SpecialUse), stats.Reporter(KeyId).Lines(FeedRejection.AllowListed)));
    }

    [Fact]
    public async Task Reporter_removed_or_revoked_by_a_new_policy_is_rejected_from_the_next_line_and_counted_issue_18()
    {
        await SendAsync(FeedLine.Format(Verdict(Client), "det-b", KeyB), FeedRejection.None);

        collector.UsePolicy(Policy(Reporter(revoked: true)));
        await SendAsync(FeedLine.Format(Verdict("11.0.2.10"), "det-b", KeyB), FeedRejection.UnknownReporter);
        await SendAsync(FeedLine.Format(Verdict("11.0.2.11"), KeyId, Key), FeedRejection.Revoked);
        await SendAsync(FeedLine.Format(Verdict("11.0.2.12"), "never-configured", Key), FeedRejection.UnknownReporter);

        Assert.Single(sink.Verdicts);
        Assert.Equal(1, stats.Reporter(KeyId).Lines(FeedRejection.Revoked));
        // The reporter label is the configuration's: ids that are not configured all count as "unknown".
        Assert.Equal(2, stats.Reporter(FeedStats.UnknownReporter).Lines(FeedRejection.UnknownReporter));
        Assert.DoesNotContain("never-configured", stats.Reporters.Keys);
    }

    [Fact]
    public async Task Reporter_weight_scales_the_weights_of_the_sins_it_reports_issue_18()
    {
        collector.UsePolicy(Policy(Reporter(weight: 0.5)));

        await SendAsync(FeedLine.Format(Verdict(Client), KeyId, Key), FeedRejection.None);

        var verdict = Assert.Single(sink.Verdicts);
        Assert.Equal((1.75, 0.5, 1.25), (verdict.Score, verdict.Sins[0].Weight, verdict.Sins[1].Weight));
    }

    internal static string Routable(int i) => new IPAddress([11, (byte)(i >> 16), (byte)(i >> 8), (byte)i]).ToString();
}

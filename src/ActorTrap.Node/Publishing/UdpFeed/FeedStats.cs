using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>Counts of the UDP feed: lines received by result at the collector, verdicts sent or dropped at the sender.</summary>
internal sealed class FeedStats : IDisposable
{
    private static readonly FeedRejection[] Results = Enum.GetValues<FeedRejection>();
    private readonly long[] lines = new long[Results.Length];
    private readonly Meter meter;
    private long sent;
    private long sendDropped;
    private long sendFailed;

    public FeedStats(NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterNames.Publish);
        meter.CreateObservableCounter("actortrap.publish.feed.lines", () => Results.Select(r =>
            new Measurement<long>(Lines(r), new KeyValuePair<string, object?>("result", Name(r)))),
            description: "UDP feed lines received by the collector: accepted, or the reason they were rejected");
        meter.CreateObservableCounter("actortrap.publish.feed.sent", () => new[]
        {
            new Measurement<long>(Sent, new KeyValuePair<string, object?>("result", "sent")),
            new Measurement<long>(SendDropped, new KeyValuePair<string, object?>("result", "queue-full")),
            new Measurement<long>(SendFailed, new KeyValuePair<string, object?>("result", "failed")),
        }, description: "Verdicts this node sent to its collector, or could not");
    }

    public long Accepted => Lines(FeedRejection.None);

    public long Sent => Interlocked.Read(ref sent);

    public long SendDropped => Interlocked.Read(ref sendDropped);

    public long SendFailed => Interlocked.Read(ref sendFailed);

    public long Lines(FeedRejection result) => Interlocked.Read(ref lines[(int)result]);

    public void Count(FeedRejection result) => Interlocked.Increment(ref lines[(int)result]);

    public void CountSent() => Interlocked.Increment(ref sent);

    public void CountSendDropped() => Interlocked.Increment(ref sendDropped);

    public void CountSendFailed() => Interlocked.Increment(ref sendFailed);

    public void Dispose() => meter.Dispose();

    private static string Name(FeedRejection r) => r switch
    {
        FeedRejection.None => "accepted",
        FeedRejection.UnknownVersion => "unknown-version",
        FeedRejection.BadMac => "bad-mac",
        _ => r.ToString().ToLowerInvariant(),
    };
}

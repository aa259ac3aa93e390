using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// Counts of the UDP feed: lines received by result at the collector, in all and per reporter, verdicts sent or
/// dropped at the sender. The reporter label comes from the configuration only (a key id never configured counts as
/// <see cref="UnknownReporter"/>), so a sender cannot grow the number of series.
/// </summary>
internal sealed class FeedStats : IDisposable
{
    /// <summary>The reporter label of lines whose key id is not configured, or that were rejected before it was read.</summary>
    public const string UnknownReporter = "unknown";

    private readonly ConcurrentDictionary<string, ReporterCounts> reporters = new(StringComparer.Ordinal);
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
        meter.CreateObservableCounter("actortrap.publish.feed.reporter.lines", () => reporters.SelectMany(r => Results
            .Where(x => r.Value.Lines(x) > 0)
            .Select(x => new Measurement<long>(r.Value.Lines(x), new KeyValuePair<string, object?>("reporter", r.Key), new KeyValuePair<string, object?>("result", Name(x))))),
            description: "UDP feed lines received by the collector per reporter (configured key id, or unknown): accepted, or the reason they were rejected");
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

    /// <summary>Counts a line in all and for <paramref name="reporter"/> (a configured key id, or null for unknown).</summary>
    public void Count(FeedRejection result, string? reporter, DateTimeOffset now)
    {
        Count(result);
        Reporter(reporter ?? UnknownReporter).Count(result, now);
    }

    /// <summary>The figures of one reporter (created empty for a configured reporter that has sent nothing yet).</summary>
    public ReporterCounts Reporter(string id) => reporters.GetOrAdd(id, _ => new ReporterCounts());

    /// <summary>Every reporter with figures: configured ones, ones removed by a reload, and <see cref="UnknownReporter"/>.</summary>
    public IReadOnlyDictionary<string, ReporterCounts> Reporters => reporters;

    public void CountSent() => Interlocked.Increment(ref sent);

    public void CountSendDropped() => Interlocked.Increment(ref sendDropped);

    public void CountSendFailed() => Interlocked.Increment(ref sendFailed);

    public void Dispose() => meter.Dispose();

    /// <summary>The <c>result</c> label (and the admin API's key) of a result.</summary>
    public static string Name(FeedRejection r) => r switch
    {
        FeedRejection.None => "accepted",
        FeedRejection.UnknownVersion => "unknown-version",
        FeedRejection.BadMac => "bad-mac",
        FeedRejection.UnknownReporter => "unknown-reporter",
        FeedRejection.SpecialUse => "special-use",
        FeedRejection.AllowListed => "allow-listed",
        _ => r.ToString().ToLowerInvariant(),
    };
}

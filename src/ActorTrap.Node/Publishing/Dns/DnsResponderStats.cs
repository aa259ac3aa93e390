using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// Counts per outcome and transport. Each UDP worker owns its own row and increments it without atomics (it is the
/// only writer); the TCP row is shared and uses Interlocked. The scrape sums the rows through an observable counter,
/// so the hot path never touches a shared cache line.
/// </summary>
internal sealed class DnsResponderStats : IDisposable
{
    private static readonly DnsOutcome[] Outcomes = Enum.GetValues<DnsOutcome>();
    private static readonly string[] OutcomeNames = [.. Outcomes.Select(o => o switch
    {
        DnsOutcome.NotListed => "not-listed",
        DnsOutcome.NoData => "no-data",
        DnsOutcome.FormErr => "formerr",
        DnsOutcome.NotImp => "notimp",
        DnsOutcome.ServFail => "servfail",
        DnsOutcome.RateLimitedDropped => "rate-limited-dropped",
        DnsOutcome.RateLimitedSlipped => "rate-limited-slipped",
        _ => o.ToString().ToLowerInvariant(),
    })];

    private readonly List<long[]> udpRows = [];
    private readonly long[] tcpRow = new long[Outcomes.Length];
    private readonly Meter meter;
    private long tcpConnectionsRefused;

    public DnsResponderStats(NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterNames.Publish);
        meter.CreateObservableCounter("actortrap.publish.dns.queries", Observe, description: "DNSBL responder queries by transport and outcome");
        meter.CreateObservableCounter("actortrap.publish.dns.tcp.refused", () => Interlocked.Read(ref tcpConnectionsRefused),
            description: "TCP connections closed at accept because tcp-max-connections were open");
    }

    /// <summary>A row for one UDP worker thread; only that thread may call <see cref="Count(long[], DnsOutcome)"/> on it.</summary>
    public long[] NewUdpRow()
    {
        // Padding keeps two workers' rows off one cache line.
        var row = new long[Outcomes.Length + 16];
        lock (udpRows)
        {
            udpRows.Add(row);
        }

        return row;
    }

    public static void Count(long[] ownRow, DnsOutcome outcome) => Volatile.Write(ref ownRow[(int)outcome], ownRow[(int)outcome] + 1);

    public void CountTcp(DnsOutcome outcome) => Interlocked.Increment(ref tcpRow[(int)outcome]);

    public void CountTcpRefused() => Interlocked.Increment(ref tcpConnectionsRefused);

    public long TcpRefused => Interlocked.Read(ref tcpConnectionsRefused);

    /// <summary>Total of one outcome over all transports.</summary>
    public long Total(DnsOutcome outcome) => Udp(outcome) + Interlocked.Read(ref tcpRow[(int)outcome]);

    public long Udp(DnsOutcome outcome)
    {
        lock (udpRows)
        {
            return udpRows.Sum(r => Volatile.Read(ref r[(int)outcome]));
        }
    }

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Observe()
    {
        foreach (var outcome in Outcomes)
        {
            yield return new Measurement<long>(Udp(outcome), new("transport", "udp"), new("outcome", OutcomeNames[(int)outcome]));
            yield return new Measurement<long>(Interlocked.Read(ref tcpRow[(int)outcome]), new("transport", "tcp"), new("outcome", OutcomeNames[(int)outcome]));
        }
    }
}

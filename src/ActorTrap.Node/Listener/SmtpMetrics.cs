using ActorTrap.Node.Metrics;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Listener;

/// <summary>
/// The SMTP edge's instruments (meter <c>ActorTrap.Smtp</c>), read by /metrics and the admin API alike so both
/// tell the same story. Counters are cheap enough for every connection.
/// </summary>
internal sealed class SmtpMetrics : IDisposable
{
    public const string MeterName = "ActorTrap.Smtp";

    private readonly Meter meter;
    private readonly Counter<long> sessions;
    private readonly Counter<long> shed;
    private readonly Counter<long> sins;
    private readonly Counter<long> bytesTrickled;
    private readonly Counter<double> heldSeconds;
    private readonly Histogram<double> duration;
    private readonly Counter<long> acceptErrors;
    private readonly Counter<long> proxyRejected;
    private readonly Counter<long> lines;
    private readonly Counter<long> linesTooLong;
    private long openSessions;
    private long totalStarted;
    private long totalSessions;
    private long totalShed;
    private long totalHeldMs;

    // Clients in the hold pools now, and the sum of their hold starts (UTC ticks): the time they have been held so far is
    // count × now − sum, read in O(1). The dashboard's history reads it every 10 s; walking every held client's entry for
    // it cost 2.5 KB of RSS per held client at 16,000 held (GC headroom for the garbage) and 0.3-0.8 % of a core.
    private readonly Lock holding = new();
    private long heldNow;
    private long heldSinceSum;
    private long totalTrickled;
    private long totalLinesTooLong;
    private long totalShedAtAccept;

    // The labelled counters' totals as /metrics shows them, for the dashboard's history (DashboardHistory samples them).
    private readonly ConcurrentDictionary<string, long> outcomeTotals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> sinTotals = new(StringComparer.Ordinal);

    public SmtpMetrics(ConnectionGate gate, NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterName);
        sessions = meter.CreateCounter<long>("actortrap.smtp.sessions", description: "SMTP sessions ended, by outcome (held, dropped, observed, shed)");
        shed = meter.CreateCounter<long>("actortrap.smtp.connections.shed", description: "Connections closed at accept because a cap was reached, by cap");
        sins = meter.CreateCounter<long>("actortrap.smtp.sins", description: "Sins recorded, by kind");
        bytesTrickled = meter.CreateCounter<long>("actortrap.smtp.trickled", unit: "By", description: "Bytes sent to held clients while they wait");
        heldSeconds = meter.CreateCounter<double>("actortrap.smtp.held.time", unit: "s", description: "Time spammers spent held (sum of hold durations)");
        // Buckets from a dropped client (well under a second) to a full hold (20 minutes, actortrap.smtp.hold)
        // and past it; OpenTelemetry's default (0 to 10,000, meant for milliseconds) would put every hold in one bucket.
        duration = meter.CreateHistogram("actortrap.smtp.session.duration", unit: "s", description: "Session duration, by outcome",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600] });
        acceptErrors = meter.CreateCounter<long>("actortrap.smtp.accept.errors", description: "Accept failures (descriptor exhaustion and others), by error");
        proxyRejected = meter.CreateCounter<long>("actortrap.smtp.proxy.rejected", description: "Connections from trusted proxies closed for a bad or missing PROXY header, by reason");
        lines = meter.CreateCounter<long>("actortrap.smtp.lines", description: "Command lines received");
        linesTooLong = meter.CreateCounter<long>("actortrap.smtp.lines.too_long",
            description: "Lines longer than actortrap.smtp.max-line-bytes (RFC 5321 4.5.3.1.4: 512 octets), answered 500 5.5.2 and discarded");
        meter.CreateObservableGauge("actortrap.smtp.connections.open", () => gate.Open, description: "Open SMTP connections");
        meter.CreateObservableGauge("actortrap.smtp.connections.held", () => gate.Held, description: "Connections being held now");
        meter.CreateObservableGauge("actortrap.smtp.connections.limit", () => gate.MaxConnections, description: "Connection cap (from the open-file limit or configuration)");
    }

    public long TotalSessions => Interlocked.Read(ref totalSessions);

    /// <summary>Sessions started since the node started: once every session has ended, each of them ended exactly once.</summary>
    public long TotalStarted => Interlocked.Read(ref totalStarted);

    public long TotalShed => Interlocked.Read(ref totalShed);

    /// <summary>Connections closed at accept (<c>actortrap_smtp_connections_shed_total</c>); they never became sessions.</summary>
    public long TotalShedAtAccept => Interlocked.Read(ref totalShedAtAccept);

    /// <summary>Sessions ended per outcome label since start (<c>actortrap_smtp_sessions_total{outcome}</c>).</summary>
    public IReadOnlyDictionary<string, long> SessionsByOutcome => new Dictionary<string, long>(outcomeTotals, StringComparer.Ordinal);

    /// <summary>Sins recorded per kind since start (<c>actortrap_smtp_sins_total{sin}</c>).</summary>
    public IReadOnlyDictionary<string, long> SinsByKind => new Dictionary<string, long>(sinTotals, StringComparer.Ordinal);

    public long OpenSessions => Interlocked.Read(ref openSessions);

    public TimeSpan TotalHeld => TimeSpan.FromMilliseconds(Interlocked.Read(ref totalHeldMs));

    /// <summary>A hold pool took a client held since <paramref name="sinceTicks"/> (UTC ticks).</summary>
    public void HoldStarted(long sinceTicks)
    {
        lock (holding)
        {
            heldNow++;
            heldSinceSum += sinceTicks;
        }
    }

    /// <summary>A hold pool let go of the client it took with <see cref="HoldStarted"/>.</summary>
    public void HoldEnded(long sinceTicks)
    {
        lock (holding)
        {
            heldNow--;
            heldSinceSum -= sinceTicks;
        }
    }

    /// <summary>Time the clients held now have been held so far, together.</summary>
    public TimeSpan OngoingHeld(DateTimeOffset now)
    {
        lock (holding)
        {
            return TimeSpan.FromTicks(Math.Max(0, (heldNow * now.UtcTicks) - heldSinceSum));
        }
    }

    public long TotalTrickled => Interlocked.Read(ref totalTrickled);

    /// <summary>Lines over the length limit since the node started (each counted once, however long it goes on).</summary>
    public long TotalLinesTooLong => Interlocked.Read(ref totalLinesTooLong);

    public void SessionStarted()
    {
        Interlocked.Increment(ref openSessions);
        Interlocked.Increment(ref totalStarted);
    }

    /// <param name="closedBefore">The session's connection was counted closed already (its verdict waited for MX answers): not again.</param>
    public void SessionEnded(Verdict verdict, bool closedBefore = false)
    {
        if (!closedBefore)
        {
            Interlocked.Decrement(ref openSessions);
        }

        Interlocked.Increment(ref totalSessions);
        var outcome = new KeyValuePair<string, object?>("outcome", Label(verdict.Outcome));
        sessions.Add(1, outcome);
        outcomeTotals.AddOrUpdate(Label(verdict.Outcome), 1, static (_, n) => n + 1);
        duration.Record(verdict.Duration.TotalSeconds, outcome);
        foreach (var sin in verdict.Sins)
        {
            sins.Add(1, new KeyValuePair<string, object?>("sin", sin.Kind.WireName()));
            sinTotals.AddOrUpdate(sin.Kind.WireName(), 1, static (_, n) => n + 1);
        }

        if (verdict.Outcome == SessionOutcome.Shed)
        {
            Interlocked.Increment(ref totalShed); // shed by the held cap, after the lookup
        }

        if (verdict.Outcome == SessionOutcome.Held)
        {
            heldSeconds.Add(verdict.Duration.TotalSeconds);
            Interlocked.Add(ref totalHeldMs, (long)verdict.Duration.TotalMilliseconds);
        }
    }

    /// <summary>A session that ended without a verdict (a trusted proxy's bad header or health check).</summary>
    public void SessionAborted() => Interlocked.Decrement(ref openSessions);

    public void Shed(string cap)
    {
        Interlocked.Increment(ref totalShed);
        Interlocked.Increment(ref totalShedAtAccept);
        shed.Add(1, new KeyValuePair<string, object?>("cap", cap));
    }

    public void Trickled(int bytes)
    {
        Interlocked.Add(ref totalTrickled, bytes);
        bytesTrickled.Add(bytes);
    }

    public void AcceptError(string error) => acceptErrors.Add(1, new KeyValuePair<string, object?>("error", error));

    public void ProxyRejected(string reason) => proxyRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Line() => lines.Add(1);

    public void LineTooLong()
    {
        Interlocked.Increment(ref totalLinesTooLong);
        linesTooLong.Add(1);
    }

    public void Dispose() => meter.Dispose();

    public static string Label(SessionOutcome outcome) => outcome switch
    {
        SessionOutcome.Held => "held",
        SessionOutcome.Dropped => "dropped",
        SessionOutcome.Observed => "observed",
        _ => "shed",
    };
}

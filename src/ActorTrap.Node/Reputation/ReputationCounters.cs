using ActorTrap.Node.Metrics;
using System.Diagnostics.Metrics;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// Counters of the reputation pipeline, readable directly (tests, <c>ctl</c>) and published as instruments of the
/// Meter "ActorTrap.Reputation" (tagged with the node name) for whoever renders /metrics.
/// </summary>
public sealed class ReputationCounters : IDisposable
{
    public const string MeterName = "ActorTrap.Reputation";
    private readonly Meter meter;
    private readonly Histogram<double> mergeLatency;
    private long verdictsIn;
    private long verdictsClean;
    private long verdictsRejected;
    private long rowsMerged;
    private long verdictsMerged;
    private long batches;
    private long storeErrors;
    private long deltasSpooled;
    private long deltasReplayed;
    private long verdictsDropped;
    private long verdictsRefused;
    private int spoolFull;
    private long listed;
    private long delisted;
    private long verdictsAccepted;
    private long verdictsResent;
    private long verdictsLocal;
    private int outage;

    /// <param name="duplicates">Resent verdicts the store recognised and skipped (<c>IReputationStore.DuplicatesSkipped</c>).</param>
    /// <param name="meters">The node's meters; <see cref="NodeMeters.Unscoped"/> when the counters stand alone (specs).</param>
    public ReputationCounters(string node, Func<(long Batches, long Deltas, long Bytes)> spoolDepth, Func<long> blacklistSize, Func<long>? duplicates = null,
        NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterName, [new("node", node)]);
        meter.CreateObservableCounter("actortrap.reputation.verdicts", () => VerdictsIn, "{verdict}", "Verdicts submitted to the aggregator");
        meter.CreateObservableCounter("actortrap.reputation.verdicts.clean", () => VerdictsClean, "{verdict}", "Verdicts with no evidence (score 0 or less), not stored");
        meter.CreateObservableCounter("actortrap.reputation.verdicts.rejected", () => VerdictsRejected, "{verdict}", "Verdicts that could not be routed (null or unusable)");
        meter.CreateObservableCounter("actortrap.reputation.verdicts.accepted", () => VerdictsAccepted, "{verdict}",
            "Verdicts this node sent that their entity's node confirmed in its store or spool");
        meter.CreateObservableCounter("actortrap.reputation.verdicts.resent", () => VerdictsResent, "{verdict}", "Verdicts sent again because no confirmation came in time");
        meter.CreateObservableCounter("actortrap.reputation.verdicts.local", () => VerdictsWrittenLocally, "{verdict}",
            "Verdicts this node wrote itself because the cluster did not take them (outbox full, or stopping)");
        if (duplicates is not null)
        {
            meter.CreateObservableCounter("actortrap.reputation.verdicts.duplicates", duplicates, "{verdict}",
                "Resent verdicts the store had already applied and skipped (each verdict id counts once)");
        }

        meter.CreateObservableCounter("actortrap.reputation.verdicts.merged", () => VerdictsMerged, "{verdict}", "Verdicts written to the store");
        meter.CreateObservableCounter("actortrap.reputation.rows.merged", () => RowsMerged, "{row}", "Address rows merged into the store");
        meter.CreateObservableCounter("actortrap.reputation.batches", () => Batches, "{batch}", "Batches merged into the store");
        meter.CreateObservableCounter("actortrap.reputation.store.errors", () => StoreErrors, "{error}", "Failed store calls");
        meter.CreateObservableCounter("actortrap.reputation.spool.spooled", () => DeltasSpooled, "{row}", "Address rows written to the spool");
        meter.CreateObservableCounter("actortrap.reputation.spool.replayed", () => DeltasReplayed, "{row}", "Address rows replayed from the spool into the store");
        meter.CreateObservableCounter("actortrap.reputation.refused", () => VerdictsRefused, "{verdict}",
            "Verdicts a store writer did not accept (its batch full while a merge ran, or the spool full); their node keeps them and resends");
        meter.CreateObservableCounter("actortrap.reputation.dropped", () => VerdictsDropped, "{verdict}",
            "Verdicts dropped before anyone accepted them: this node's outbox was at twice max-unacknowledged");
        meter.CreateObservableCounter("actortrap.reputation.listed", () => Listed, "{listing}", "Listings this node created");
        meter.CreateObservableCounter("actortrap.reputation.delisted", () => Delisted, "{listing}", "Listings this node ended by expiry");
        meter.CreateObservableGauge("actortrap.reputation.spool.depth", () => spoolDepth().Batches, "{batch}", "Batches waiting in the spool");
        meter.CreateObservableGauge("actortrap.reputation.spool.rows", () => spoolDepth().Deltas, "{row}", "Address rows waiting in the spool");
        meter.CreateObservableGauge("actortrap.reputation.spool.bytes", () => spoolDepth().Bytes, "By", "Bytes of the spool");
        meter.CreateObservableGauge("actortrap.reputation.blacklist.size", blacklistSize, "{listing}", "Listings in this node's copy of the blacklist");
        // The Prometheus client libraries' default buckets (5 ms to 10 s), which this histogram had before OpenTelemetry.
        mergeLatency = meter.CreateHistogram("actortrap.reputation.merge.duration", "s", "Time of one batch merge in the store",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public long VerdictsIn => Interlocked.Read(ref verdictsIn);

    public long VerdictsClean => Interlocked.Read(ref verdictsClean);

    public long VerdictsRejected => Interlocked.Read(ref verdictsRejected);

    public long VerdictsMerged => Interlocked.Read(ref verdictsMerged);

    public long VerdictsAccepted => Interlocked.Read(ref verdictsAccepted);

    public long VerdictsResent => Interlocked.Read(ref verdictsResent);

    public long VerdictsWrittenLocally => Interlocked.Read(ref verdictsLocal);

    public long RowsMerged => Interlocked.Read(ref rowsMerged);

    public long Batches => Interlocked.Read(ref batches);

    public long StoreErrors => Interlocked.Read(ref storeErrors);

    public long DeltasSpooled => Interlocked.Read(ref deltasSpooled);

    public long DeltasReplayed => Interlocked.Read(ref deltasReplayed);

    /// <summary>Verdicts dropped unaccepted (outbox at its hard bound); nothing accepted is ever dropped.</summary>
    public long VerdictsDropped => Interlocked.Read(ref verdictsDropped);

    /// <summary>Verdicts a writer refused (busy, or spool full): not accepted, so their node resends them.</summary>
    public long VerdictsRefused => Interlocked.Read(ref verdictsRefused);

    public long Listed => Interlocked.Read(ref listed);

    public long Delisted => Interlocked.Read(ref delisted);

    internal void VerdictIn() => Interlocked.Increment(ref verdictsIn);

    internal void VerdictClean() => Interlocked.Increment(ref verdictsClean);

    internal void VerdictRejected() => Interlocked.Increment(ref verdictsRejected);

    internal void VerdictAccepted() => Interlocked.Increment(ref verdictsAccepted);

    internal void VerdictResent() => Interlocked.Increment(ref verdictsResent);

    internal void VerdictWrittenLocally() => Interlocked.Increment(ref verdictsLocal);

    internal void Merged(int rows, long verdicts, TimeSpan elapsed)
    {
        Interlocked.Add(ref rowsMerged, rows);
        Interlocked.Add(ref verdictsMerged, verdicts);
        Interlocked.Increment(ref batches);
        mergeLatency.Record(elapsed.TotalSeconds);
    }

    /// <summary>Counts a failed store call; true for the first failure of an outage (log it once, not per shard).</summary>
    internal bool StoreError()
    {
        Interlocked.Increment(ref storeErrors);
        return Interlocked.Exchange(ref outage, 1) == 0;
    }

    /// <summary>True when an outage was in progress (log the recovery once).</summary>
    internal bool StoreRecovered() => Interlocked.Exchange(ref outage, 0) == 1;

    internal void Spooled(int rows) => Interlocked.Add(ref deltasSpooled, rows);

    internal void Replayed(int rows) => Interlocked.Add(ref deltasReplayed, rows);

    internal void Dropped(long verdicts) => Interlocked.Add(ref verdictsDropped, verdicts);

    internal void Refused(long verdicts) => Interlocked.Add(ref verdictsRefused, verdicts);

    /// <summary>Records whether the spool just refused a batch; true when that changed (log the change once, not per batch).</summary>
    internal bool SpoolFullChanged(bool full) => Interlocked.Exchange(ref spoolFull, full ? 1 : 0) != (full ? 1 : 0);

    internal void ListedOne() => Interlocked.Increment(ref listed);

    internal void DelistedMany(int count) => Interlocked.Add(ref delisted, count);

    public void Dispose() => meter.Dispose();
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing.Rbldnsd;

/// <summary>
/// Keeps the rbldnsd zone file in step with the list: rewritten (atomically) after a change, but never twice within
/// <c>min-interval</c>. A failed write leaves the old file in place and is retried after the interval.
/// Writes come from one caller at a time: the publisher's poll, or with a cluster store the chores holder's
/// <see cref="RbldnsdExportChore"/> (<see cref="WritesAsChore"/>); changes are marked from the poll's thread, so they
/// are counted, not flagged, and a change marked during a write is not lost.
/// </summary>
internal sealed class RbldnsdExporter : IDisposable
{
    private readonly RbldnsdExportOptions options;
    private readonly DnsPublishOptions dns;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Meter meter;
    private readonly Counter<long> writes;
    private DateTimeOffset? lastAttempt;
    private long changes = 1; // the file is due once before any change: it may not exist yet
    private long writtenChanges;

    public RbldnsdExporter(RbldnsdExportOptions options, DnsPublishOptions dns, TimeProvider time, ILogger logger, NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterNames.Publish);
        this.options = options;
        this.dns = dns;
        this.time = time;
        this.logger = logger;
        writes = meter.CreateCounter<long>("actortrap.publish.rbldnsd.writes", description: "rbldnsd zone file rewrites by result");
    }

    public int Written { get; private set; }

    public int Failed { get; private set; }

    public string Path => options.Path;

    /// <summary>True when only the node holding the cluster chores writes the file (PostgreSQL store), not every node's poll.</summary>
    public bool WritesAsChore { get; init; }

    public void MarkChanged() => Interlocked.Increment(ref changes);

    /// <returns>True when the file was rewritten now.</returns>
    public bool WriteIfDue(IReadOnlyCollection<Listing> listings, uint serial)
    {
        var now = time.GetUtcNow();
        var seen = Interlocked.Read(ref changes);
        if (seen == writtenChanges || (lastAttempt is { } last && now - last < options.MinInterval))
        {
            return false;
        }

        lastAttempt = now;
        var elapsed = Stopwatch.StartNew();
        try
        {
            AtomicFile.Write(options.Path, RbldnsdZoneFile.Render(listings, dns, serial, now));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed++;
            writes.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            Log.RbldnsdExportFailed(logger, options.Path, e.Message);
            return false;
        }

        writtenChanges = seen;
        Written++;
        writes.Add(1, new KeyValuePair<string, object?>("result", "ok"));
        Log.RbldnsdExportWritten(logger, options.Path, listings.Count, elapsed.ElapsedMilliseconds);
        return true;
    }

    public void Dispose() => meter.Dispose();
}

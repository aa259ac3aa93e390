using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Publishing.Feeds;
using ActorTrap.Node.Publishing.Rbldnsd;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing;

/// <summary>
/// Everything that passes the node's list on, started from <c>actortrap.publish</c>: the DNSBL responder (reads the
/// local blacklist live), and, driven by one poll of the blacklist's snapshot, the journal behind the HTTP feed and
/// the rbldnsd export; plus the UDP feed's sender (a verdict sink for this node's sessions) and collector (feeding
/// the node's own verdict sink). Parts that need the local blacklist or a verdict sink refuse to start without them.
/// </summary>
internal sealed class PublishingHost : IAsyncDisposable
{
    private readonly ILocalBlacklist? blacklist;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly FeedStats feedStats;
    private readonly NodeMeters meters;
    private readonly Meter meter;
    private ITimer? poll;
    private int polling;

    private PublishingHost(ILocalBlacklist? blacklist, TimeProvider time, ILogger logger, NodeMeters meters)
    {
        this.meters = meters;
        meter = meters.Create(MeterNames.Publish);
        feedStats = new FeedStats(meters);
        this.blacklist = blacklist;
        this.time = time;
        this.logger = logger;
        meter.CreateObservableGauge("actortrap.publish.listings", () => Journal?.Listings.Count ?? 0,
            description: "Listings published (the local blacklist as of the last poll)");
        meter.CreateObservableCounter("actortrap.publish.changes", () => Journal?.Version ?? 0,
            description: "Listings added, changed or removed since start, as the publishers saw them");
    }

    /// <summary>What the publishers last published; null when the node has no local blacklist.</summary>
    public ListingJournal? Journal { get; private set; }

    public DnsblResponder? Dns { get; private set; }

    public RbldnsdExporter? Rbldnsd { get; private set; }

    /// <summary>Where this node's sessions should send verdicts when it is a detector feeding a collector; null otherwise.</summary>
    public UdpFeedSender? FeedSender { get; private set; }

    public UdpFeedCollector? FeedCollector { get; private set; }

    /// <summary>
    /// A reload's UDP feed keys and reporters (a rotation, a revocation) and allow-list: the sender signs, the collector
    /// judges lines with them from now on.
    /// </summary>
    public void UseFeed(UdpFeedOptions feed, IReadOnlyList<System.Net.IPNetwork> allow)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (feed.KeyId is { } id && feed.Key is { } key)
        {
            FeedSender?.UseKey(id, key);
        }

        FeedCollector?.UsePolicy(new FeedPolicy(feed.Reporters, allow));
    }

    /// <summary>The UDP feed's counters (lines received by result, verdicts sent), for the admin API.</summary>
    public FeedStats FeedStats => feedStats;

    /// <summary>The admin endpoints this host contributes (the HTTP feed when enabled).</summary>
    public IReadOnlyList<IAdminRoutes> Routes { get; private set; } = [];

    /// <param name="blacklist">The node's local blacklist (from the reputation store); null when the node has none.</param>
    /// <param name="collectedVerdicts">Where collected feed lines go (the reputation aggregator); needed only with udp-feed.listen.</param>
    /// <param name="rbldnsdAsChore">
    /// Only the node holding the cluster chores writes the rbldnsd zone file (through <see cref="RbldnsdChore"/>), not
    /// every node's poll: for a cluster store, where one file per cluster is enough.
    /// </param>
    /// <param name="allow">Networks never listed (<c>actortrap.reputation.allow</c>): the collector ignores reports about them.</param>
    /// <param name="meters">The node's meters; <see cref="NodeMeters.Unscoped"/> when the host runs on its own.</param>
    public static PublishingHost Start(PublishOptions options, ILocalBlacklist? blacklist, IVerdictSink? collectedVerdicts, TimeProvider time, ILoggerFactory loggers,
        bool rbldnsdAsChore = false, IReadOnlyList<System.Net.IPNetwork>? allow = null, NodeMeters? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var missing = new List<string>();
        if (blacklist is null)
        {
            missing.AddRange(new[] { (options.Dns.Enabled, "actortrap.publish.dns.listen"), (options.Rbldnsd.Enabled, "actortrap.publish.rbldnsd.path") }
                .Where(p => p.Item1).Select(p => p.Item2 + " needs the local blacklist of the reputation store"));
        }

        if (options.UdpFeed.Listen is not null && collectedVerdicts is null)
        {
            missing.Add("actortrap.publish.udp-feed.listen needs the reputation aggregator to hand collected verdicts to");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", missing));
        }

        var logger = loggers.CreateLogger("ActorTrap.Publish");
        var host = new PublishingHost(blacklist, time, logger, meters ?? NodeMeters.Unscoped);
        try
        {
            host.StartParts(options, collectedVerdicts, loggers, rbldnsdAsChore, allow ?? []);
        }
        catch
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return host;
    }

    private void StartParts(PublishOptions options, IVerdictSink? collectedVerdicts, ILoggerFactory loggers, bool rbldnsdAsChore, IReadOnlyList<System.Net.IPNetwork> allow)
    {
        if (blacklist is not null)
        {
            Journal = new ListingJournal(time);
            if (options.Dns.Enabled)
            {
                Dns = DnsblResponder.Start(options.Dns, blacklist, time, loggers.CreateLogger("ActorTrap.Publish.Dns"), meters: meters);
            }

            if (options.Rbldnsd.Enabled)
            {
                Rbldnsd = new RbldnsdExporter(options.Rbldnsd, options.Dns, time, logger, meters) { WritesAsChore = rbldnsdAsChore };
            }

            Poll();
            poll = time.CreateTimer(_ => Poll(), null, options.PollInterval, options.PollInterval);
        }

        if (options.HttpFeed.Enabled)
        {
            Routes = [new FeedRoutes(Journal, meter, options.Dns.PublishHarvesters)];
        }

        if (options.UdpFeed.Listen is { } listen)
        {
            FeedCollector = new UdpFeedCollector(listen, new FeedPolicy(options.UdpFeed.Reporters, allow), options.UdpFeed.ReplayWindow, options.UdpFeed.MaxSeen,
                collectedVerdicts!, feedStats, time, loggers.CreateLogger("ActorTrap.Publish.Feed"));
        }

        if (options.UdpFeed.Collector is { } collector)
        {
            FeedSender = new UdpFeedSender(collector, options.UdpFeed.KeyId!, options.UdpFeed.Key!, options.UdpFeed.SendQueue, feedStats, loggers.CreateLogger("ActorTrap.Publish.Feed"));
        }
    }

    /// <summary>Compares the blacklist with what was published and updates the journal, the SOA serial and the export.</summary>
    public void Poll()
    {
        // A slow snapshot must not pile polls on top of each other.
        if (Interlocked.Exchange(ref polling, 1) == 1 || Journal is null)
        {
            return;
        }

        try
        {
            if (Journal.Refresh(blacklist!.Snapshot()))
            {
                if (Dns is not null)
                {
                    Dns.Answerer.Serial = Serial(Journal.LastChange);
                }

                Rbldnsd?.MarkChanged();
            }

            if (Rbldnsd is { WritesAsChore: false })
            {
                WriteRbldnsdExport();
            }
        }
#pragma warning disable CA1031 // a failing snapshot is logged and retried at the next poll; publishing must keep running
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.PublishPollFailed(logger, e.Message);
        }
        finally
        {
            Volatile.Write(ref polling, 0);
        }
    }

    /// <summary>
    /// The rbldnsd export as a cluster chore when it was started with <c>rbldnsdAsChore</c> (for NodeHost to register);
    /// null when the export is off or every node's poll writes it.
    /// </summary>
    public Reputation.Cluster.IClusterChore? RbldnsdChore => Rbldnsd is { WritesAsChore: true } ? new RbldnsdExportChore(this) : null;

    /// <summary>Writes the zone file from what was last published, if it changed and min-interval has passed.</summary>
    internal bool WriteRbldnsdExport() =>
        Rbldnsd is not null && Journal is not null
        && Rbldnsd.WriteIfDue(Journal.Listings, Serial(Journal.LastChange == DateTimeOffset.MinValue ? time.GetUtcNow() : Journal.LastChange));

    public async ValueTask DisposeAsync()
    {
        if (poll is not null)
        {
            await poll.DisposeAsync().ConfigureAwait(false);
        }

        if (FeedSender is not null)
        {
            await FeedSender.DisposeAsync().ConfigureAwait(false);
        }

        FeedCollector?.Dispose();
        if (Dns is not null)
        {
            await Dns.DisposeAsync().ConfigureAwait(false);
        }

        Rbldnsd?.Dispose();
        feedStats.Dispose();
        meter.Dispose();
    }

    // SOA serials are 32-bit; seconds since 1970 fit until 2106 (RFC 1982 arithmetic handles the wrap after that).
    private static uint Serial(DateTimeOffset t) => (uint)Math.Max(1, t.ToUnixTimeSeconds());
}

using ActorTrap.Node.Publishing;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Publishing.UdpFeed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /api/publish/stats</c>, the publishing section of <c>ctl stats</c>: listings published and changes seen, the
/// DNSBL responder's answers by outcome, the rbldnsd export's writes, and the UDP feed's lines by result. A part the
/// node does not run is null. <c>GET /api/feed/reporters</c>: the collector's figures per reporter (issue 18).
/// </summary>
internal sealed class PublishAdminRoutes(PublishingHost publishing) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/feed/reporters", () => Results.Json(Reporters()));
        MapStats(app);
    }

    /// <summary>
    /// One row per reporter the collector has figures for (configured ones first, then removed ones and <c>unknown</c>):
    /// its configuration (never its key), lines by result, and the listings in force that name it.
    /// </summary>
    private object Reporters()
    {
        var collector = publishing.FeedCollector;
        var policy = collector?.Policy;
        var listings = publishing.Journal?.Listings ?? [];
        var naming = listings.SelectMany(l => l.Reporters).GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = publishing.FeedStats.Reporters
            .OrderBy(r => policy?.Find(r.Key) is null ? 1 : 0).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r =>
            {
                var options = policy?.Find(r.Key);
                var counts = r.Value;
                return new
                {
                    Reporter = r.Key,
                    Configured = options is not null,
                    options?.Trusted,
                    options?.Weight,
                    options?.MaxNewPerMinute,
                    options?.Revoked,
                    counts.Accepted,
                    Rejected = counts.Lines(FeedRejection.BadMac) + counts.Lines(FeedRejection.Stale) + counts.Lines(FeedRejection.Replayed)
                        + counts.Lines(FeedRejection.Malformed) + counts.Lines(FeedRejection.Oversized) + counts.Lines(FeedRejection.UnknownVersion)
                        + counts.Lines(FeedRejection.UnknownReporter) + counts.Lines(FeedRejection.Revoked),
                    Ignored = counts.Lines(FeedRejection.SpecialUse) + counts.Lines(FeedRejection.AllowListed),
                    Capped = counts.Lines(FeedRejection.Capped),
                    Listings = naming.GetValueOrDefault(r.Key),
                    LastAccepted = counts.LastAccepted,
                    Lines = Enum.GetValues<FeedRejection>().Where(x => counts.Lines(x) > 0).ToDictionary(FeedStats.Name, counts.Lines),
                };
            })
            .ToList();
        return new { Collector = collector is not null, Reporters = rows };
    }

    private void MapStats(IEndpointRouteBuilder app) =>
        app.MapGet("/api/publish/stats", () =>
        {
            var journal = publishing.Journal;
            var feed = publishing.FeedStats;
            return Results.Json(new
            {
                Listings = journal?.Listings.Count ?? 0,
                Changes = journal?.Version ?? 0,
                LastChange = journal is null || journal.LastChange == DateTimeOffset.MinValue ? (DateTimeOffset?)null : journal.LastChange,
                Dns = publishing.Dns is { } dns ? Enum.GetValues<DnsOutcome>().ToDictionary(o => ReputationJson.Word(o), o => dns.Stats.Total(o)) : null,
                Rbldnsd = publishing.Rbldnsd is { } r ? new { r.Path, r.Written, r.Failed, r.WritesAsChore } : null,
                UdpFeed = publishing.FeedCollector is null && publishing.FeedSender is null ? null : new
                {
                    Received = Enum.GetValues<FeedRejection>().ToDictionary(FeedStats.Name, feed.Lines),
                    feed.Sent,
                    feed.SendDropped,
                    feed.SendFailed,
                },
            });
        });
}

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
/// node does not run is null.
/// </summary>
internal sealed class PublishAdminRoutes(PublishingHost publishing) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder app) =>
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
                    Received = Enum.GetValues<FeedRejection>().ToDictionary(x => x == FeedRejection.None ? "accepted" : ReputationJson.Word(x), feed.Lines),
                    feed.Sent,
                    feed.SendDropped,
                    feed.SendFailed,
                },
            });
        });
}

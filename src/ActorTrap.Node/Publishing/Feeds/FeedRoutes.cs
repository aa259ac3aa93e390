using System.Diagnostics.Metrics;
using System.Text;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace ActorTrap.Node.Publishing.Feeds;

/// <summary>
/// <c>GET /feed.txt</c>, <c>/feed.csv</c>, <c>/feed.json</c>: the list for downstream consumers. Every response
/// carries a strong <c>ETag</c> (a matching <c>If-None-Match</c> gets 304 and no body) and an
/// <c>X-ActorTrap-Cursor</c>; <c>?since=CURSOR</c> returns only what changed after it (<c>X-ActorTrap-Full: false</c>),
/// or the whole list when the cursor is unknown or too old (<c>X-ActorTrap-Full: true</c>).
/// </summary>
/// <param name="harvesters">The plain feed lists harvesters too (<c>actortrap.traps.harvesters.block</c>).</param>
internal sealed class FeedRoutes(ListingJournal? journal, Meter meter, bool harvesters = false) : IAdminRoutes
{
    public const string CursorHeader = "X-ActorTrap-Cursor";
    public const string FullHeader = "X-ActorTrap-Full";

    private readonly Counter<long> requests = meter.CreateCounter<long>("actortrap.publish.http.requests",
        description: "HTTP feed requests by format and answer (full, incremental, not-modified, unavailable)");

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/feed.txt", (HttpContext c, string? since) => Serve(c, since, "txt", "text/plain; charset=utf-8", v => Encoding.UTF8.GetBytes(PlainFeed.Render(v, harvesters))));
        routes.MapGet("/feed.csv", (HttpContext c, string? since) => Serve(c, since, "csv", "text/csv; charset=utf-8; header=present", v => Encoding.UTF8.GetBytes(CsvFeed.Render(v))));
        routes.MapGet("/feed.json", (HttpContext c, string? since) => Serve(c, since, "json", "application/json", JsonFeed.Render));
    }

    private IResult Serve(HttpContext context, string? since, string format, string contentType, Func<FeedView, byte[]> render)
    {
        if (journal is null)
        {
            Count(format, "unavailable");
            return Results.Text("503 the feed needs the local blacklist, which this node does not have\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var view = journal.View(since);
        var etag = new EntityTagHeaderValue($"\"{view.Cursor}-{format}{(view.Full ? string.Empty : "-since-" + Sanitize(since!))}\"");
        var headers = context.Response.Headers;
        headers.ETag = etag.ToString();
        headers.CacheControl = "no-cache";
        headers[CursorHeader] = view.Cursor;
        headers[FullHeader] = view.Full ? "true" : "false";
        var conditions = context.Request.GetTypedHeaders().IfNoneMatch;
        if (conditions.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(etag, useStrongComparison: true)))
        {
            Count(format, "not-modified");
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        Count(format, view.Full ? "full" : "incremental");
        return Results.Bytes(render(view), contentType);
    }

    private void Count(string format, string answer) =>
        requests.Add(1, new KeyValuePair<string, object?>("format", format), new KeyValuePair<string, object?>("answer", answer));

    // The cursor is echoed into a header; keep it to what a cursor can contain.
    private static string Sanitize(string since) => new([.. since.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(64)]);
}

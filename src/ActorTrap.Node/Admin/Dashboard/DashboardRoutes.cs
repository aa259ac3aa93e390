using ActorTrap.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorTrap.Node.Admin.Dashboard;

/// <summary>
/// <c>GET /dashboard</c> and <c>/dashboard/FILE</c>: the live dashboard's static page, open without the token (it
/// carries no data, and a browser cannot send a bearer header when it opens a page); the operator types the token
/// into the page once and every fetch it makes carries it. <c>GET /api/dashboard</c> (behind the token) adds what the
/// other endpoints cannot answer cheaply: the node's clock and the hold time of clients still held.
/// <c>GET /api/dashboard/history</c> (behind the token): the last hour of what the charts draw, sampled every 10 s
/// from the node's start (<see cref="DashboardHistory"/>), so a page opened now is not empty.
/// </summary>
internal sealed class DashboardRoutes(SmtpEdge smtp, string nodeName, TimeProvider time) : IAdminRoutes
{
    /// <summary>Everything under this path is static and open; <see cref="AdminTokenMiddleware"/> lets it through.</summary>
    public static readonly PathString Path = new("/dashboard");

    // The page builds every element itself and inserts client text (HELO names, reasons) as text; the policy makes
    // an injection that slipped through inert anyway: no inline script, no other origin, not framed.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly DashboardAssets assets = DashboardAssets.Load();

    // Routes are mapped as the node starts, so this is the node's start on its own clock.
    private readonly DateTimeOffset started = time.GetUtcNow();

    public void Map(IEndpointRouteBuilder routes)
    {
        // Sampled from now on (the first sample, all zero, is the start, so the page counts every session since), and
        // stopped with the admin endpoint.
        var history = new DashboardHistory(Sample, time, DashboardHistory.DefaultEvery, DashboardHistory.DefaultKeep);
        routes.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(history.Dispose);
        routes.MapGet("/dashboard", (HttpContext context) => Serve(context, "index.html"));
        routes.MapGet("/dashboard/{file}", (HttpContext context, string file) => Serve(context, file));
        routes.MapGet("/api/dashboard", () =>
        {
            var now = time.GetUtcNow();
            var held = smtp.Registry.Snapshot().Where(s => s.HeldSince is not null).Select(s => s.HeldSince!.Value).ToList();
            return Results.Json(new
            {
                node = nodeName,
                now,
                startedAt = started,
                uptimeSeconds = Math.Max(0, (now - started).TotalSeconds),
                held = smtp.Gate.Held,
                heldSecondsEnded = smtp.Metrics.TotalHeld.TotalSeconds,
                heldSecondsOngoing = held.Sum(since => Math.Max(0, (now - since).TotalSeconds)),
                oldestHeldSince = held.Count == 0 ? (DateTimeOffset?)null : held.Min(),
                bytesTrickled = smtp.Metrics.TotalTrickled,
            });
        });
        routes.MapGet("/api/dashboard/history", () => Results.Json(new
        {
            node = nodeName,
            startedAt = started,
            everySeconds = history.Every.TotalSeconds,
            samples = history.Snapshot(),
        }));
    }

    private DashboardSample Sample()
    {
        var now = time.GetUtcNow();
        var metrics = smtp.Metrics;
        var ongoing = metrics.OngoingHeld(now).TotalSeconds;
        return new DashboardSample(now, smtp.Gate.Held, metrics.SessionsByOutcome, metrics.TotalShedAtAccept, metrics.SinsByKind,
            metrics.TotalHeld.TotalSeconds + ongoing, metrics.TotalTrickled);
    }

    private IResult Serve(HttpContext context, string file)
    {
        if (!assets.TryGet(file, out var asset))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}

using System.Net;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The admin HTTP endpoint: <c>/healthz</c>, <c>/metrics</c> and the routes other areas contribute (<see cref="IAdminRoutes"/>); the API for <c>actortrap ctl</c> and
/// <c>/readyz</c> grow here. Kestrel on the configured address only, with the bearer-token rule.
/// </summary>
internal sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private AdminServer(WebApplication app, IPEndPoint boundEndPoint)
    {
        this.app = app;
        BoundEndPoint = boundEndPoint;
    }

    /// <summary>The address actually bound (the real port when the configuration said port 0).</summary>
    public IPEndPoint BoundEndPoint { get; }

    /// <summary>
    /// Connections the endpoint serves at once: half of actortrap.smtp.file-reserve (the descriptors the SMTP cap
    /// leaves free for everything but SMTP), so 250 by default and 32 at the smallest reserve. Admin clients are few
    /// (ctl, a dashboard, a Prometheus scraper, probes, HTTP feed pulls); the other half stays for the store, the
    /// spool, logs and the runtime's own threads.
    /// </summary>
    public static int ConnectionCap(int fileReserve) => Math.Max(1, fileReserve / 2);

    /// <param name="maxConnections">See <see cref="ConnectionCap"/>; over it, further clients wait in the listen backlog.</param>
    /// <param name="degradation">What works with less than it should, for <c>/healthz</c>; null when all is well.</param>
    public static async Task<AdminServer> StartAsync(AdminOptions options, int maxConnections, ActorSystem system, ILoggerFactory loggerFactory,
        Func<string?> degradation, IReadOnlyList<IAdminRoutes> routes, CancellationToken cancellationToken)
    {
        // The admin API answers small requests; a large body is an attack or a mistake. Each connection is a descriptor
        // outside the SMTP cap: unbounded, idle connections here took every one left and the runtime died when it could
        // not start a thread (issue 8). Over the cap the listener stops accepting, so neither idle clients nor a burst of
        // connects can take more descriptors.
        var builder = KestrelListener.Builder(options.Listen, maxConnections, loggerFactory, k => k.Limits.MaxRequestBodySize = 64 * 1024);
        var app = builder.Build();
        var logger = loggerFactory.CreateLogger("ActorTrap.Admin");
        app.UseAdminToken(options.Token, logger);
        // Liveness: the process serves requests. A degraded node is alive (restarting it would not bring a DNSBL back),
        // so this stays 200 and only says so: "ok", or "degraded" and what is.
        app.MapGet("/healthz", () => degradation() is { } degraded ? Results.Text($"degraded\n{degraded}\n") : Results.Text("ok\n"));
        app.MapGet("/api/actors", (string? path, int? depth) =>
            ActorTree.Snapshot(system, path, depth ?? int.MaxValue) is { } tree ? Results.Json(tree) : Results.NotFound(new { error = $"no actor at {path}" }));
        foreach (var group in routes)
        {
            group.Map(app);
        }

        var bound = await KestrelListener.StartAsync(app, options.Listen, "actortrap.admin.listen", "admin endpoint", cancellationToken).ConfigureAwait(false);
        Log.AdminListening(logger, ListenAddress.Format(bound), options.Token is null ? "off (loopback only)" : "required");
        return new AdminServer(app, bound);
    }

    public ValueTask DisposeAsync() => KestrelListener.StopAsync(app);
}

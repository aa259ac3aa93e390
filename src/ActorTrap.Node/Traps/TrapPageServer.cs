using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Traps;

/// <summary>
/// The public trap page (issue 18): plain HTTP on its own listener, apart from the admin endpoint and without its
/// token. <c>GET {path}</c> hands each visitor an address sealing its socket peer's address and the time bucket
/// (no forwarded-for header is believed); <c>/robots.txt</c> disallows the path. Rate limited per client address.
/// </summary>
internal sealed class TrapPageServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ILogger logger;

    private TrapPageServer(WebApplication app, IPEndPoint bound, ILogger logger)
    {
        this.app = app;
        this.logger = logger;
        BoundEndPoint = bound;
    }

    public IPEndPoint BoundEndPoint { get; }

    public static async Task<TrapPageServer> StartAsync(TrapPageOptions options, TaggedTraps tagged, PageRateLimiter limiter, TimeProvider time,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = options.Listen ?? throw new ArgumentException("the trap page has no listen address", nameof(options));
        var logger = loggerFactory.CreateLogger("ActorTrap.Traps");
        // A page to read, nothing to post; small headers.
        var builder = KestrelListener.Builder(listen, options.MaxConnections, loggerFactory, k => k.Limits.MaxRequestHeadersTotalSize = 16 * 1024);
        var app = builder.Build();
        var domain = options.Domains[0];
        var full = 0;
        app.MapGet(options.Path, (HttpContext context) =>
        {
            var peer = context.Connection.RemoteIpAddress is { } remote && remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : context.Connection.RemoteIpAddress;
            var tableFull = false;
            if (peer is null || !limiter.TryTake(peer, out tableFull))
            {
                tagged.Metrics.Visit(served: false);
                if (peer is not null && tableFull && Interlocked.Exchange(ref full, 1) == 0)
                {
                    Log.TrapPageClientsFull(logger, limiter.MaxClients);
                }

                context.Response.Headers.RetryAfter = "60";
                return Results.Text("Too many requests\n", statusCode: StatusCodes.Status429TooManyRequests);
            }

            Volatile.Write(ref full, 0);
            tagged.Metrics.Visit(served: true);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Content(TrapPage.Html(tagged.Tokens.Seal(peer, time.GetUtcNow()) + "@" + domain), "text/html; charset=utf-8");
        });
        app.MapGet("/robots.txt", () => Results.Text(TrapPage.Robots(options.Path)));
        var bound = await KestrelListener.StartAsync(app, listen, "actortrap.traps.page.listen", "trap page", cancellationToken).ConfigureAwait(false);
        Log.TrapPageListening(logger, options.Path, ListenAddress.Format(bound), string.Join(", ", options.Domains));
        return new TrapPageServer(app, bound, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await KestrelListener.StopAsync(app).ConfigureAwait(false);
        Log.TrapPageStopped(logger);
    }
}

using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Admin;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, NodeOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(listen);
            k.Limits.MaxRequestBodySize = 0; // a page to read, nothing to post
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(_ => new GatedListenerFactory(
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory), options.MaxConnections));

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
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException
                ?? new SocketException((int)SocketError.AddressAlreadyInUse);
            throw StartFailures.Listen("actortrap.traps.page.listen", "trap page", listen, socket);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new IPEndPoint(listen.Address, new Uri(address).Port);
        Log.TrapPageListening(logger, options.Path, ListenAddress.Format(bound), string.Join(", ", options.Domains));
        return new TrapPageServer(app, bound, logger);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        Log.TrapPageStopped(logger);
    }
}

using System.Net;
using ActorTrap.Actors;
using ActorTrap.Node.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The admin HTTP endpoint: <c>/healthz</c> now; the API for <c>actortrap ctl</c>, <c>/metrics</c> and
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

    /// <param name="routes">Each area's endpoints (sessions, reputation, feeds), mapped behind the token rule.</param>
    public static async Task<AdminServer> StartAsync(AdminOptions options, ActorSystem system, ILoggerFactory loggerFactory, CancellationToken cancellationToken,
        params IEnumerable<Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, NodeOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Listen);
            // The admin API answers small requests; a large body is an attack or a mistake.
            k.Limits.MaxRequestBodySize = 64 * 1024;
        });

        var app = builder.Build();
        var logger = loggerFactory.CreateLogger("ActorTrap.Admin");
        app.UseAdminToken(options.Token, logger);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/api/actors", (string? path, int? depth) =>
            system.Snapshot(path, depth ?? int.MaxValue) is { } tree ? Results.Json(tree) : Results.NotFound(new { error = $"no actor at {path}" }));
        // ?collect=true runs a full blocking collection first: for measuring memory per session, not for routine use.
        app.MapGet("/api/runtime", (bool? collect) =>
        {
            if (collect == true)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            var gc = GC.GetGCMemoryInfo();
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Json(new
            {
                rssBytes = self.WorkingSet64,
                managedHeapBytes = gc.HeapSizeBytes,
                managedLiveBytes = GC.GetTotalMemory(false),
                fragmentedBytes = gc.FragmentedBytes,
                committedBytes = gc.TotalCommittedBytes,
                gen0Collections = GC.CollectionCount(0),
                gen2Collections = GC.CollectionCount(2),
                threads = self.Threads.Count,
                threadPoolThreads = ThreadPool.ThreadCount,
                uptimeSeconds = (DateTime.UtcNow - self.StartTime.ToUniversalTime()).TotalSeconds,
            });
        });
        foreach (var map in routes)
        {
            map(app);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new IPEndPoint(options.Listen.Address, new Uri(address).Port);
        Log.AdminListening(logger, ListenAddress.Format(bound), options.Token is null ? "off (loopback only)" : "required");
        return new AdminServer(app, bound);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// The node's HTTP listeners (the admin endpoint, the metrics listener, the trap page) set up one way: no server
/// header, no request body unless the listener allows one, connections gated before accept (each is a descriptor
/// outside the SMTP cap, issue 8), stopped by the node rather than by the process's signals, and a taken port reported
/// with its key like every listener.
/// </summary>
internal static class KestrelListener
{
    public static WebApplicationBuilder Builder(IPEndPoint listen, int maxConnections, ILoggerFactory loggerFactory, Action<KestrelServerOptions>? limits = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, NodeOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(listen);
            k.Limits.MaxRequestBodySize = 0;
            limits?.Invoke(k);
        });
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(_ => new GatedListenerFactory(
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory), maxConnections));
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns the address bound (the real port when the configuration said 0).</summary>
    /// <param name="key">The configuration key of the listen address, and <paramref name="what"/> the listener's name, for a taken port.</param>
    public static async Task<IPEndPoint> StartAsync(WebApplication app, IPEndPoint listen, string key, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(listen);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException
                ?? new SocketException((int)SocketError.AddressAlreadyInUse);
            throw StartFailures.Listen(key, what, listen, socket);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IPEndPoint(listen.Address, new Uri(address).Port);
    }

    /// <summary>Stops the listener, waiting at most 5 s for requests in flight.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

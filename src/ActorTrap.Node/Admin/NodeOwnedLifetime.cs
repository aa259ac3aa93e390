using Microsoft.Extensions.Hosting;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The node, not the embedded web host, owns SIGINT/SIGTERM: it stops listeners before actors in its own order.
/// ASP.NET's default console lifetime would react to the same signals and tear the admin endpoint down on its own.
/// </summary>
internal sealed class NodeOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ActorTrap.Node.Admin;

/// <summary>
/// Kestrel's socket transport with a cap on connections applied before <c>accept</c>: while <c>cap</c> admin
/// connections are open the listener does not accept, so further clients wait in the kernel's backlog and hold no
/// descriptor of this process. Kestrel's own <c>MaxConcurrentConnections</c> accepts a connection and then closes it,
/// so a burst of connects took descriptors for a moment, and at the smallest file reserve that killed the node (the
/// runtime could not start a thread). The SMTP listener refuses before accepting for the same reason.
/// </summary>
internal sealed class GatedListenerFactory(IConnectionListenerFactory inner, int cap) : IConnectionListenerFactory
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new GatedListener(await inner.BindAsync(endpoint, cancellationToken).ConfigureAwait(false), cap);

    private sealed class GatedListener(IConnectionListener inner, int cap) : IConnectionListener
    {
        private readonly SemaphoreSlim slots = new(cap, cap);

        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null; // Kestrel is unbinding: no more connections
            }

            ConnectionContext? connection;
            try
            {
                connection = await inner.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                slots.Release();
                throw;
            }

            if (connection is null)
            {
                slots.Release();
                return null;
            }

            // The slot comes back once, when the transport has closed the socket (either side hung up or Kestrel ended it).
            var released = 0;
            connection.ConnectionClosed.Register(() =>
            {
                if (Interlocked.Exchange(ref released, 1) == 0)
                {
                    slots.Release();
                }
            });
            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        // The semaphore is not disposed: connections accepted before may still close and give their slot back.
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

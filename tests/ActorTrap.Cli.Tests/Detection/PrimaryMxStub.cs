using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Cli.Tests.Detection;

/// <summary>
/// A live primary MX for the highest-MX situations: a loopback listener that greets <c>220 primary</c>, answers 250
/// to anything and 221 to QUIT, so a node asking whether the primary answers is told it does. Each connection is
/// bounded to 10 s; the listener stops on dispose.
/// </summary>
internal sealed class PrimaryMxStub : IDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private int connections;

    public PrimaryMxStub(IPAddress address)
    {
        listener = new TcpListener(address, 0);
        listener.Start();
        EndPoint = (IPEndPoint)listener.LocalEndpoint;
        _ = AcceptAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Connections the primary has answered (the node's probes).</summary>
    public int Connections => Volatile.Read(ref connections);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await socket.SendAsync("220 primary.corpus.test ESMTP\r\n"u8.ToArray(), SocketFlags.None, cts.Token);
            var buffer = new byte[1024];
            var pending = new StringBuilder();
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return;
                }

                pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                int end;
                while ((end = pending.ToString().IndexOf('\n', StringComparison.Ordinal)) >= 0)
                {
                    var line = pending.ToString(0, end).TrimEnd('\r');
                    pending.Remove(0, end + 1);
                    var quit = line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase);
                    await socket.SendAsync(Encoding.ASCII.GetBytes(quit ? "221 bye\r\n" : "250 primary.corpus.test\r\n"), SocketFlags.None, cts.Token);
                    if (quit)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // A probe that hung up or outstayed its 10 s.
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }
}

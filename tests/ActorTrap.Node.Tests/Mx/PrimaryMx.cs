using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Node.Tests.Mx;

/// <summary>
/// A primary MX on loopback for probe specs: a real listener that greets with "220 x ESMTP" while
/// <see cref="Answering"/>, else accepts and stays silent. Its accept loop is bounded in count and ends on dispose.
/// </summary>
internal sealed class PrimaryMx : IAsyncDisposable
{
    private const int MaxAccepts = 100;

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> held = [];
    private readonly Task loop;

    public PrimaryMx(bool answering)
    {
        Answering = answering;
        listener.Start();
        loop = AcceptAsync();
    }

    public volatile bool Answering;

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string HostPort => $"127.0.0.1:{Port}";

    public int Accepted { get; private set; }

    /// <summary>A loopback port nobody listens on (bound, then released): a connect to it is refused.</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptAsync()
    {
        try
        {
            for (var i = 0; i < MaxAccepts; i++)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                Accepted++;
                lock (held)
                {
                    held.Add(client); // kept open until dispose: a silent primary must not close
                }

                if (Answering)
                {
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("220 x ESMTP\r\n"), stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (InvalidOperationException)
        {
            // Disposed between two accepts: the listener was stopped before the next accept began ("Not listening").
        }
        catch (IOException)
        {
            // A prober that left before its greeting was written.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop.WaitAsync(TimeSpan.FromSeconds(3));
        lock (held)
        {
            held.ForEach(c => c.Dispose());
        }

        stop.Dispose();
    }
}

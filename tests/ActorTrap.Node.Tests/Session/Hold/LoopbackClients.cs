using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorTrap.Node.Listener;

namespace ActorTrap.Node.Tests.Session.Hold;

/// <summary>
/// Real TCP connections on loopback for hold pool specs: each client socket paired with the server side wrapped as the
/// listener wraps it (<see cref="SocketConnection"/>). Reads on the client side never wait: on loopback what the server
/// wrote is in the client's receive buffer when its send returns.
/// </summary>
internal sealed class LoopbackClients : IDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> clients = [];
    private readonly List<StringBuilder> received = [];
    private readonly ConnectionGate opened = new(int.MaxValue, int.MaxValue, 0);

    public LoopbackClients()
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
    }

    public List<SocketConnection> Servers { get; } = [];

    /// <summary>Server sides closed so far (each close gives its slot back to the gate once).</summary>
    public int ServerClosed => Servers.Count - opened.Open;

    public async Task OpenAsync(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(10));
            var server = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
            server.Blocking = false;
            server.NoDelay = true;
            client.Blocking = false;
            clients.Add(client);
            received.Add(new StringBuilder());
            Assert.True(opened.TryOpen());
            Servers.Add(new SocketConnection(server, opened, countedClient: false));
        }
    }

    public void Send(int i, string text) => clients[i].Send(Encoding.ASCII.GetBytes(text));

    public void Leave(int i) => clients[i].Close();

    /// <summary>Everything client <paramref name="i"/> received so far, and whether the server closed (EOF seen).</summary>
    public (string Text, bool Closed) Read(int i)
    {
        var buffer = new byte[4096];
        var closed = false;
        while (true)
        {
            var n = clients[i].Receive(buffer, 0, buffer.Length, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                break;
            }

            if (error != SocketError.Success || n == 0)
            {
                closed = true;
                break;
            }

            received[i].Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return (received[i].ToString(), closed);
    }

    public void Dispose()
    {
        foreach (var c in clients)
        {
            c.Dispose();
        }

        foreach (var s in Servers)
        {
            s.Close();
        }

        listener.Dispose();
    }
}

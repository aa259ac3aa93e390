using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Dns;

namespace ActorTrap.TestPeers;

/// <summary>
/// A UDP socket on a loopback port 0 that hands each query to a script, for the behaviours no real server shows on
/// demand: never answering (the default), answering with a wrong id or question, answering from another port,
/// sending garbage. Every parsed query is kept for assertions. Not a peer: use <see cref="Rbldnsd"/> and
/// <see cref="Unbound"/> for everything a real server can show.
/// </summary>
public sealed class ScriptedDnsServer : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<Received, ScriptedDnsServer, Task> script;
    private readonly Task loop;

    /// <param name="port">The loopback port to bind; 0 for a free one. A fixed port brings a server back where a dead one was.</param>
    public ScriptedDnsServer(Func<Received, ScriptedDnsServer, Task>? script = null, int port = 0)
    {
        this.script = script ?? ((_, _) => Task.CompletedTask); // default: a server that never answers
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The endpoint as <c>host:port</c>, the form <c>actortrap.dns.servers</c> takes.</summary>
    public string ServerSpec => $"{EndPoint.Address}:{EndPoint.Port}";

    public ConcurrentQueue<Received> Queries { get; } = new();

    /// <summary>Sends a packet from the server's own socket (the source a client expects).</summary>
    public Task SendAsync(byte[] packet, IPEndPoint to) => socket.SendToAsync(packet, to);

    /// <summary>Sends from a different socket (another source port), as an off-path spoofer would have to.</summary>
    public static async Task SendFromElsewhereAsync(byte[] packet, IPEndPoint to)
    {
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await other.SendToAsync(packet, to);
    }

    /// <summary>An answer to <paramref name="query"/> with the given records, id and question overridable to forge mismatches.</summary>
    public static byte[] Answer(DnsMessage query, DnsRcode rcode = DnsRcode.NoError, ushort? id = null, DnsQuestion? question = null,
        DnsHeaderFlags extraFlags = DnsHeaderFlags.None, params DnsRecord[] answers)
    {
        var q = question ?? query.Questions[0];
        var message = new DnsMessage(id ?? query.Id, DnsHeaderFlags.Response | DnsHeaderFlags.RecursionAvailable | extraFlags, rcode, [q], answers, [], [], null);
        var buffer = new byte[4096];
        var n = DnsMessageWriter.Write(message, buffer);
        return buffer[..n];
    }

    /// <summary>An A record answering <paramref name="query"/>'s name.</summary>
    public static DnsRecord A(DnsMessage query, string address, uint ttl = 60) =>
        new(query.Questions[0].Name, DnsType.A, ttl, new ARecord(IPAddress.Parse(address)));

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var bytes = buffer[..r.ReceivedBytes];
            if (DnsMessageReader.TryParse(bytes, out var query, out _))
            {
                var received = new Received(query, (IPEndPoint)r.RemoteEndPoint, bytes);
                Queries.Enqueue(received);
                await script(received, this);
            }
        }
    }

    /// <summary>One query as parsed, who sent it, and its bytes.</summary>
    public sealed record Received(DnsMessage Query, IPEndPoint From, byte[] Bytes);
}

using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Listener;

/// <summary>
/// Accepts SMTP connections on every configured endpoint and hands each one to the sessions actor, after the
/// gate's caps: a connection over the total cap is closed at once without a word (it costs nothing), one over the
/// per-client cap gets a one-line 421 first. Running out of descriptors never crashes the node: accept errors are
/// counted, logged (throttled) and retried after a short pause.
/// </summary>
internal sealed class SmtpListener : IAsyncDisposable
{
    private static readonly byte[] TooManyFromYou = "421 4.7.0 Too many connections from your address, try again later\r\n"u8.ToArray();

    private readonly SmtpOptions options;
    private readonly ConnectionGate gate;
    private readonly IActorRef sessions;
    private readonly SmtpMetrics metrics;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly List<Socket> sockets = [];
    private readonly List<Task> loops = [];
    private readonly CancellationTokenSource stopping = new();
    private long lastAcceptErrorLog = long.MinValue;

    private SmtpListener(SmtpOptions options, ConnectionGate gate, IActorRef sessions, SmtpMetrics metrics, ILogger logger, TimeProvider time)
    {
        this.options = options;
        this.gate = gate;
        this.sessions = sessions;
        this.metrics = metrics;
        this.logger = logger;
        this.time = time;
    }

    /// <summary>The endpoints actually bound (real ports when the configuration said port 0).</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints => [.. sockets.Select(s => (IPEndPoint)s.LocalEndPoint!)];

    /// <summary>Binds every endpoint or none: a failure closes what was bound and throws with the key and the fix.</summary>
    public static SmtpListener Start(SmtpOptions options, ConnectionGate gate, IActorRef sessions, SmtpMetrics metrics, ILogger logger, TimeProvider time)
    {
        var listener = new SmtpListener(options, gate, sessions, metrics, logger, time);
        try
        {
            foreach (var endPoint in options.Listen)
            {
                try
                {
                    listener.sockets.Add(Bind(endPoint));
                }
                catch (NodeStartException e) when (endPoint.Address.Equals(IPAddress.IPv6Any)
                    && e.InnerException is SocketException { SocketErrorCode: SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable }
                    && options.Listen.Count > 1)
                {
                    // The default listens on "[::]:25" too; a host without IPv6 still serves IPv4.
                    Log.SmtpIpv6Unavailable(logger, ListenAddress.Format(endPoint));
                }
            }

            if (listener.sockets.Count == 0 && options.Listen.Count > 0)
            {
                throw new NodeStartException("actortrap.smtp.listen: none of the endpoints could be bound");
            }
        }
        catch
        {
            foreach (var socket in listener.sockets)
            {
                socket.Dispose();
            }

            throw;
        }

        foreach (var socket in listener.sockets)
        {
            Log.SmtpListening(logger, ListenAddress.Format((IPEndPoint)socket.LocalEndPoint!), gate.MaxConnections, gate.MaxHeld);
            listener.loops.Add(Task.Run(() => listener.AcceptLoopAsync(socket)));
        }

        return listener;
    }

    /// <summary>Stops accepting; connections already handed over stay with their sessions.</summary>
    public async Task StopAcceptingAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    // <sys/socket.h> on Linux.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    internal static Socket Bind(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false; // "[::]:25" and "0.0.0.0:25" can both be listed
            }

            // SO_REUSEADDR alone, so a restarted node binds again while old connections sit in TIME_WAIT. .NET's
            // ReuseAddress also sets SO_REUSEPORT on Linux, which let a second node bind the same port and silently
            // take half the connections; without it the second one fails with "already in use".
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(endPoint);
            socket.Listen(4096);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw StartFailures.Listen("actortrap.smtp.listen", "SMTP listener", endPoint, e,
                "is a real MTA listening there? ActorTrap must run where none does");
        }
    }

    private async Task AcceptLoopAsync(Socket listening)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listening.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE/ENFILE and friends: the connection waits in the backlog; pause so we do not spin.
                metrics.AcceptError(e.SocketErrorCode.ToString());
                LogAcceptError(e.SocketErrorCode);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), time, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            Admit(client);
        }
    }

    private void Admit(Socket client)
    {
        if (!gate.TryOpen())
        {
            metrics.Shed("total");
            client.Close(0);
            return;
        }

        IPEndPoint remote;
        try
        {
            remote = (IPEndPoint)client.RemoteEndPoint!;
            client.Blocking = false;
            client.NoDelay = true; // trickled lines must leave at once, not wait for Nagle
        }
        catch (SocketException)
        {
            gate.Close(); // reset before we looked at it
            client.Dispose();
            return;
        }

        var address = Normalize(remote.Address);
        var proxied = options.ProxyProtocol.Trusted.Any(n => n.Contains(address));
        // A trusted proxy's connections are counted against the real client once its PROXY header is read.
        if (!proxied && !gate.TryAddClient(address))
        {
            metrics.Shed("per-ip");
            client.Send(TooManyFromYou, SocketFlags.None, out _);
            client.Close(0);
            gate.Close();
            return;
        }

        var connection = new SocketConnection(client, gate, countedClient: !proxied);
        sessions.Tell(new StartSession(connection, proxied));
    }

    private void LogAcceptError(SocketError error)
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(Interlocked.Read(ref lastAcceptErrorLog), now) >= TimeSpan.FromSeconds(10) || lastAcceptErrorLog == long.MinValue)
        {
            Interlocked.Exchange(ref lastAcceptErrorLog, now);
            Log.SmtpAcceptFailed(logger, error.ToString(), gate.Open);
        }
    }

    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

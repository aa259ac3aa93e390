using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ActorTrap.Node.Listener;

namespace ActorTrap.Node.Tests.Session;

/// <summary>
/// The client side of a session in transcript specs: what the test "types" is delivered to the session as
/// <see cref="ClientData"/>, and everything the session writes is recorded with the virtual time it was written at.
/// Sockets are exercised by the end-to-end specs; here the session's policy runs on the manual clock.
/// </summary>
internal sealed class ScriptedConnection(string remote = "192.0.2.10:40000", string local = "192.0.2.1:25") : IClientConnection
{
    private readonly ConcurrentQueue<(DateTimeOffset At, string Text)> written = new();
    private readonly StringBuilder all = new();
    private readonly Lock gate = new();
    private readonly List<byte> pending = [];
    private IActorRef session = ActorRefs.Nobody;
    private bool armed;
    private string? gone;
    private int reads;

    public TimeProvider? Clock { get; set; }

    /// <summary>The session the connection reports to (Nobody once a hold pool owns it).</summary>
    public IActorRef Session => session;

    public IPEndPoint Remote { get; } = IPEndPoint.Parse(remote);

    public IPEndPoint Local { get; } = IPEndPoint.Parse(local);

    public bool Closed { get; private set; }

    public int ReadRequests => Volatile.Read(ref reads);

    /// <summary>When set, sends report WouldBlock (a client that stopped reading).</summary>
    public bool Blocked { get; set; }

    public string Output
    {
        get
        {
            lock (gate)
            {
                return all.ToString();
            }
        }
    }

    /// <summary>Output split into lines (without CRLF).</summary>
    public IReadOnlyList<string> Lines => Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<(DateTimeOffset At, string Text)> Writes => [.. written];

    /// <summary>Whether the session has an evented read outstanding (else it polls).</summary>
    public bool Evented
    {
        get
        {
            lock (gate)
            {
                return armed;
            }
        }
    }

    public void Start(IActorRef session) => this.session = session;

    public void ResumeReading()
    {
        Interlocked.Increment(ref reads);
        lock (gate)
        {
            armed = true;
        }

        Deliver();
    }

    public byte[]? Poll(out string? gone)
    {
        lock (gate)
        {
            gone = pending.Count == 0 ? this.gone : null;
            if (pending.Count == 0)
            {
                return null;
            }

            // A socket read takes at most what one read buffer holds (2 KiB in SocketConnection).
            var data = pending.Take(2048).ToArray();
            pending.RemoveRange(0, data.Length);
            return data;
        }
    }

    public int Peek(Span<byte> into)
    {
        lock (gate)
        {
            var n = Math.Min(into.Length, pending.Count);
            for (var i = 0; i < n; i++)
            {
                into[i] = pending[i];
            }

            return n;
        }
    }

    /// <summary>The receive buffer size the session or pool asked for (0 when never limited).</summary>
    public int ReceiveBufferLimit { get; private set; }

    public void LimitReceiveBuffer(int bytes) => ReceiveBufferLimit = bytes;

    /// <summary>Like POLLRDHUP: the hangup is seen even behind bytes nobody read.</summary>
    public bool HasLeft()
    {
        lock (gate)
        {
            return Closed || gone is not null;
        }
    }

    public SendResult Send(ReadOnlySpan<byte> data)
    {
        if (Closed)
        {
            return SendResult.Closed;
        }

        if (Blocked)
        {
            return SendResult.WouldBlock;
        }

        var text = Encoding.Latin1.GetString(data);
        lock (gate)
        {
            all.Append(text);
        }

        written.Enqueue((Clock?.GetUtcNow() ?? default, text));
        return SendResult.Sent;
    }

    public void Close() => Closed = true;

    /// <summary>
    /// The client sends <paramref name="text"/> (use \r\n yourself): delivered at once to an evented read, else kept
    /// for the session's next poll, as a socket's receive buffer would.
    /// </summary>
    public void Type(string text) => Type(Encoding.Latin1.GetBytes(text));

    public void Type(byte[] bytes)
    {
        lock (gate)
        {
            pending.AddRange(bytes);
        }

        Deliver();
    }

    /// <summary>The client goes away.</summary>
    public void Hangup()
    {
        lock (gate)
        {
            gone = "closed by the client";
        }

        Deliver();
    }

    private void Deliver()
    {
        object? message = null;
        lock (gate)
        {
            if (!armed || (pending.Count == 0 && gone is null))
            {
                return;
            }

            armed = false;
            if (pending.Count > 0)
            {
                message = new ClientData(pending.ToArray());
                pending.Clear();
            }
            else
            {
                message = new ClientGone(gone!);
            }
        }

        session.Tell(message);
    }
}

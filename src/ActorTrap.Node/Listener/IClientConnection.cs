using System.Net;

namespace ActorTrap.Node.Listener;

/// <summary>
/// The session actor's view of its client's connection: a dumb byte pipe, read in one of two ways. Evented: after
/// <see cref="ResumeReading"/> the next chunk arrives at the session as one <see cref="ClientData"/> message (or a
/// <see cref="ClientGone"/>), and nothing more until the session asks again, so a flooding client can never fill the
/// mailbox. Polled: <see cref="Poll"/> takes what is there without waiting. A held client is never read (endlessh
/// never reads its clients at all): its hold pool peeks at its commands at each trickle tick and leaves them in the
/// receive buffer, which keeps no read pending, no per-connection read state, and the client's TCP window closing.
/// All members are safe to call after the connection closed.
/// </summary>
internal interface IClientConnection
{
    /// <summary>The peer of the TCP connection (a load balancer when PROXY protocol is in use).</summary>
    IPEndPoint Remote { get; }

    /// <summary>Our address the client connected to.</summary>
    IPEndPoint Local { get; }

    /// <summary>Names the session that evented reads report to; reads nothing yet.</summary>
    void Start(Akka.Actor.IActorRef session);

    /// <summary>Evented: asks for the next chunk (one <see cref="ClientData"/> or <see cref="ClientGone"/> follows).</summary>
    void ResumeReading();

    /// <summary>Polled: the bytes waiting now (null if none), and whether the client has gone (EOF or reset).</summary>
    byte[]? Poll(out string? gone);

    /// <summary>
    /// Copies the bytes the client sent and nobody read yet into <paramref name="into"/>, without taking them (the hold
    /// pool looks at a held client's commands this way, so its receive buffer still fills and closes its TCP window).
    /// </summary>
    /// <returns>The number of bytes copied; 0 when none are waiting.</returns>
    int Peek(Span<byte> into);

    /// <summary>
    /// Caps the kernel's receive buffer (SO_RCVBUF) of a client nobody will read: what it sends then fills a small
    /// window and stalls it (spamd's -w), and a flooding held client costs the kernel a few KiB, not the default 128 KiB.
    /// </summary>
    void LimitReceiveBuffer(int bytes);

    /// <summary>The client closed or reset its side, seen without reading (even behind bytes nobody read); true once closed.</summary>
    bool HasLeft();

    /// <summary>Writes without blocking; never throws. A client that does not read gets <see cref="SendResult.WouldBlock"/>.</summary>
    SendResult Send(ReadOnlySpan<byte> data);

    /// <summary>Closes the connection (FIN after what was sent). No <see cref="ClientGone"/> follows a close we asked for.</summary>
    void Close();
}

/// <summary>A chunk of bytes from the client, as read (not split into lines).</summary>
internal sealed record ClientData(byte[] Bytes);

/// <summary>The client closed or reset the connection (not sent after <see cref="IClientConnection.Close"/>).</summary>
internal sealed record ClientGone(string Reason);

internal enum SendResult
{
    Sent,

    /// <summary>The socket's send buffer is full: the client is not reading. Nothing or only part was written.</summary>
    WouldBlock,

    Closed,
}

using System.Net;

namespace ActorTrap.Node.Listener;

/// <summary>
/// The session actor's view of its client's connection: a dumb byte pipe. Received bytes arrive at the session as
/// <see cref="ClientData"/> messages, one chunk at a time: after a chunk the connection reads again only when the
/// session calls <see cref="ResumeReading"/>, so a flooding client can never fill the session's mailbox.
/// All members are safe to call after the connection closed.
/// </summary>
internal interface IClientConnection
{
    /// <summary>The peer of the TCP connection (a load balancer when PROXY protocol is in use).</summary>
    IPEndPoint Remote { get; }

    /// <summary>Our address the client connected to.</summary>
    IPEndPoint Local { get; }

    /// <summary>Starts delivering <see cref="ClientData"/> and finally one <see cref="ClientGone"/> to <paramref name="session"/>.</summary>
    void Start(Actors.IActorRef session);

    /// <summary>Asks for the next chunk after the session consumed the last one.</summary>
    void ResumeReading();

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

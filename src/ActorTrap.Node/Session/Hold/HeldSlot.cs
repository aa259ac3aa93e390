using System.Net;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Session.Hold;

/// <summary>
/// One held connection in its pool's array: a plain struct, so holding a client costs the pool no object of its own.
/// Times are UTC ticks. A free slot has no connection.
/// </summary>
internal struct HeldSlot
{
    public IClientConnection? Connection;
    public IPAddress Client;
    public DnsblReport? Dnsbl;
    public IReadOnlyList<Sin> Sins;
    public long Id;
    public long Started;
    public long HeldSince;
    public long HoldEnd;

    /// <summary>When the reply in progress sends its final line.</summary>
    public long ReplyEnd;
    public long BytesIn;
    public long BytesOut;
    public long Trickled;

    /// <summary>Byte stutter: how much of the current line has gone out; 0 at a line start.</summary>
    public int Offset;

    /// <summary>Client lines answered (or being answered) so far, counted in the unread bytes.</summary>
    public ushort Answered;
    public HeldFlags Flags;
}

[Flags]
internal enum HeldFlags : byte
{
    None = 0,

    /// <summary>The reply in progress is the greeting (220), not a 451 to a command.</summary>
    Greeting = 1,

    /// <summary>The line going out (byte stutter) is the reply's final line.</summary>
    FinalLine = 2,

    /// <summary>No reply in progress: the client's turn.</summary>
    Waiting = 4,

    /// <summary>The session counted the client against the per-IP cap (PROXY); the pool gives it back.</summary>
    CountedClient = 8,

    Pregreet = 16,
    Pipelining = 32,
    QuitSent = 64,
}

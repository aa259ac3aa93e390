using System.Net;

namespace ActorTrap.Node.Session;

/// <summary>One live session for <c>ctl sessions</c>: who, in what state, since when, what it has done so far.</summary>
/// <param name="State">proxyheader, lookup, greeting, talking, quitwait or holding.</param>
/// <param name="HeldSince">When the hold began; null unless held.</param>
/// <param name="Helo">Escaped and truncated HELO name, or null.</param>
public sealed record SessionInfo(
    long Id,
    string Path,
    IPAddress Client,
    string State,
    DateTimeOffset Started,
    DateTimeOffset? HeldSince,
    long BytesTrickled,
    long BytesIn,
    IReadOnlyList<string> Sins,
    string? Helo);

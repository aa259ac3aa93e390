using System.Net;
using ActorTrap.Node.Resolver;
using ActorTrap.Smtp.Analysis;

namespace ActorTrap.Node.Session;

/// <summary>What a session knows when it ends, for <see cref="SessionVerdictBuilder.Build"/>.</summary>
/// <param name="Ptr">The PTR answer of a client we talked to; null when none came (or it was never asked).</param>
/// <param name="Helo">The client's first HELO or EHLO name as sent, or null.</param>
/// <param name="Server">Our names and addresses, for the "HELO with our own name" sins.</param>
/// <param name="Retried">The client repeated an envelope refused earlier from its network (the retry virtue).</param>
internal sealed record SessionEnd(
    IPAddress Client,
    string Node,
    SessionMode Mode,
    DateTimeOffset Start,
    DateTimeOffset End,
    SessionOutcome Outcome,
    DnsblReport? Dnsbl,
    PtrReport? Ptr,
    string? Helo,
    ServerIdentity Server,
    string? MailFrom,
    IReadOnlyList<string> RcptDomains,
    bool QuitSent,
    bool Retried,
    long BytesIn,
    long BytesOut)
{
    /// <summary>Every distinct HELO/EHLO name of the session (issue 16: one before the greeting and one after are both judged); empty means <see cref="Helo"/> alone.</summary>
    public IReadOnlyList<string> HeloNames { get; init; } = [];
}

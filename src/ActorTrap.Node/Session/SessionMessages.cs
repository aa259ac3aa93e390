using ActorTrap.Node.Listener;

namespace ActorTrap.Node.Session;

/// <summary>To the sessions actor: a connection was admitted; start its session actor.</summary>
/// <param name="Proxied">It comes from a trusted proxy and must start with a PROXY header.</param>
internal sealed record StartSession(IClientConnection Connection, bool Proxied);

/// <summary>
/// A reload's trap addresses and domains, never-judged networks and sin weights: to <c>/user/smtp</c> for sessions
/// started from now on, and to each hold pool for the verdicts it completes from now on.
/// </summary>
internal sealed record UseSmtpPolicy(Configuration.TrapOptions Traps, IReadOnlyList<System.Net.IPNetwork> Permit, IReadOnlyDictionary<SinKind, double> SinWeights)
{
    public Configuration.SmtpOptions ApplyTo(Configuration.SmtpOptions options) => options with { Traps = Traps, Permit = Permit, SinWeights = SinWeights };
}

/// <summary>To a session: close with 421 because the node is shutting down (sent by stopping, see PostStop).</summary>
internal sealed record ShutdownSession;

/// <summary>
/// From a session to its hold pool: hold this client from now on and complete its verdict. The session has sent the
/// first greeting line, taken the held slot (and, behind a proxy, the per-IP slot), and stops once this is sent.
/// </summary>
/// <param name="Dnsbl">The report the client was held for; the pool adds its sin when the hold ends.</param>
/// <param name="Sins">Other sins the session saw before the hold (usually none); the pool may add to them.</param>
/// <param name="CountedClient">The session counted the client against the per-IP cap itself (PROXY); the pool releases it.</param>
internal sealed record HoldClient(
    long Id,
    IClientConnection Connection,
    System.Net.IPAddress Client,
    DateTimeOffset Started,
    DateTimeOffset HeldSince,
    bool CountedClient,
    Resolver.DnsblReport? Dnsbl,
    IReadOnlyList<Sin> Sins,
    long BytesIn,
    long BytesOut);

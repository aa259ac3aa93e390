using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Reputation;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Session;

/// <summary>What every session shares: configuration, the caps, the resolver, our own list, the verdict sink.</summary>
/// <param name="Resolver">The resolver actor (answers CheckClient, CheckReverseDns, CheckMx).</param>
/// <param name="Blacklist">Our own list, asked before DNS; null when the node has none.</param>
internal sealed record SessionContext(
    SmtpOptions Options,
    string Node,
    ConnectionGate Gate,
    SmtpMetrics Metrics,
    IActorRef Resolver,
    ILocalBlacklist? Blacklist,
    IVerdictSink Sink,
    SessionRegistry Registry,
    SessionReplies Replies,
    ILogger Logger)
{
    /// <summary>Envelopes refused with 451, to recognise a client's retry (a virtue); null records none.</summary>
    public RetryMemory? Retries { get; init; }

    /// <summary>The hold pools (<c>/user/hold-N</c>) a session hands a listed client to; a session picks one by its id.</summary>
    public IReadOnlyList<IActorRef> HoldPools { get; init; } = [];

    /// <summary>The line per finished session (event 1010); null writes none.</summary>
    public SessionLog? Lines { get; init; }
}

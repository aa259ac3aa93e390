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

    /// <summary>Tagged trap addresses (issue 18): their domains and keys; null when off.</summary>
    public Traps.TaggedTraps? Tagged { get; init; }

    /// <summary>Where the harvests that tagged addresses reveal go (the reputation stage); null reports none.</summary>
    public Traps.IHarvestSink? Harvests { get; init; }

    /// <summary><c>actortrap.traps.harvesters.block</c>: a client listed only as a harvester is held like any listed client.</summary>
    public bool HoldHarvesters { get; init; }

    /// <summary>The line per finished session (event 1010); null writes none.</summary>
    public SessionLog? Lines { get; init; }
}

using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using Akka.Actor;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>Messages that cross nodes: bound to <see cref="ReputationSerializer"/> (a compact binary form, not Akka's JSON).</summary>
public interface IReputationWire
{
}

/// <summary>
/// Verdicts from one node for the entities of one shard, one evidence delta per verdict, each with its id
/// (<see cref="EvidenceDelta.Ids"/>). Goes to the shard's intake (<see cref="ReputationExtractor.IntakeId"/>), which
/// hands each delta to its address's entity. <paramref name="Origin"/> is the sending node's outbox: it is told
/// <see cref="VerdictsAccepted"/> once each verdict is in the store or the spool.
/// </summary>
internal sealed record VerdictBatch(int Shard, IActorRef Origin, IReadOnlyList<EvidenceDelta> Items) : IReputationWire;

/// <summary>These verdicts are in the store (or the spool of the node that owns their entity): the sender forgets them.</summary>
internal sealed record VerdictsAccepted(long[] Ids) : IReputationWire;

/// <summary>These verdicts were refused (their writer's queue or its spool was full): the sender keeps them and sends them again soon.</summary>
internal sealed record VerdictsRefused(long[] Ids) : IReputationWire;

/// <summary>One verdict for the entity of <paramref name="EntityId"/>, from its shard's intake (never leaves the node).</summary>
internal sealed record EntityEvidence(string EntityId, EvidenceDelta Delta, IActorRef Origin);

/// <summary>Ask the entity of an address what it holds; the reply is an <see cref="EntityState"/>.</summary>
internal sealed record GetEntityState(string EntityId) : IReputationWire;

/// <param name="Node">The node that owns the entity now.</param>
/// <param name="Pending">Verdicts the entity handed to its node's writer that the store has not confirmed yet.</param>
/// <param name="Score">Score after the entity's last merge (NaN when it has not merged since it started).</param>
/// <param name="Verdicts">Verdicts this entity took since it started.</param>
internal sealed record EntityState(string EntityId, string Node, int Pending, double Score, bool Listed, long Verdicts) : IReputationWire;

/// <summary>What changed in our blacklist; published to every node's copy (<see cref="ListingsActor"/>).</summary>
public enum ListingChangeKind : byte
{
    /// <summary>A listing was made or refreshed (scored or manual): <see cref="ListingChange.Listing"/> is set.</summary>
    Listed = 1,

    /// <summary>The scored listing of one address ended.</summary>
    Delisted = 2,

    /// <summary>The manual listing of exactly one network ended.</summary>
    ManualDelisted = 3,
}

/// <param name="Network">The address (prefix 32/128) or, for <see cref="ListingChangeKind.ManualDelisted"/>, the network.</param>
public sealed record ListingChange(ListingChangeKind Kind, IPNetwork Network, Listing? Listing) : IReputationWire
{
    public static ListingChange Listed(Listing listing) =>
        new(ListingChangeKind.Listed, new IPNetwork(listing.Address, listing.PrefixLength), listing);

    public static ListingChange Delisted(IPAddress address) =>
        new(ListingChangeKind.Delisted, new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128), null);

    public static ListingChange ManualDelisted(IPNetwork network) => new(ListingChangeKind.ManualDelisted, network, null);
}

/// <summary>Ask a node's <c>/user/reputation/node</c> (locally or across the cluster); the reply is a <see cref="NodeInfo"/>.</summary>
internal sealed record GetNodeInfo : IReputationWire
{
    public static readonly GetNodeInfo Instance = new();
}

/// <param name="AdminAddress">Where its admin API is reached (<c>actortrap.cluster.address</c> or the bound endpoint).</param>
/// <param name="Held">SMTP connections it holds now.</param>
/// <param name="Unacknowledged">Verdicts it sent that no entity has acknowledged yet.</param>
/// <param name="RunsChores">It hosts the chores singleton.</param>
/// <param name="SettingsHash">The hash of the settings members should share (<see cref="Cluster.AgreedSettings"/>); empty from a node before issue 17.</param>
internal sealed record NodeInfo(string Name, string AdminAddress, int Held, DateTimeOffset StartedAt, long Unacknowledged, bool RunsChores, string SettingsHash = "")
    : IReputationWire;

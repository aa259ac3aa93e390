using System.Net;

namespace ActorTrap.Node.Reputation;

/// <summary>What the store knows about one address, for <c>actortrap ctl lookup</c>.</summary>
/// <param name="Score">The stored score decayed to now.</param>
/// <param name="Listing">This node's blacklist entry for the address (scored or a manual network), if any.</param>
/// <param name="Shard">The shard that owns the address on this node.</param>
public sealed record AddressReputation(
    IPAddress Address,
    int Shard,
    double Score,
    long Verdicts,
    IReadOnlyList<string> Reasons,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    Listing? Listing);

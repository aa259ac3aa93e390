using System.Net;

namespace ActorTrap.Node.Reputation;

/// <summary>What the store knows about one address, for <c>actortrap ctl lookup</c>.</summary>
/// <param name="Score">The stored score decayed to now.</param>
/// <param name="Listing">This node's blacklist entry for the address (scored or a manual network), if any.</param>
/// <param name="Shard">The cluster shard of the address's entity (<c>stable-hash mod reputation.shards</c>).</param>
public sealed record AddressReputation(
    IPAddress Address,
    int Shard,
    double Score,
    long Verdicts,
    IReadOnlyList<string> Reasons,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    Listing? Listing)
{
    /// <summary>What the listing threshold is compared with now: hard score plus soft sins less virtues (issue 15).</summary>
    public double Standing { get; init; }

    /// <summary>Wire names of the soft sins counted in the current evidence window (each counts once).</summary>
    public IReadOnlyList<string> SoftSins { get; init; } = [];

    /// <summary>The client's virtues decayed to now (zero or negative): it came back after the 451 as a queue does.</summary>
    public double Virtue { get; init; }

    /// <summary>
    /// The UDP feed reporters (key ids, sorted) that reported the address within the reporter window as of its last
    /// merge (issue 18); empty when only this cluster's own sessions did.
    /// </summary>
    public IReadOnlyList<string> Reporters { get; init; } = [];

    /// <summary>The cluster's own sessions reported the address within the reporter window (they count as one trusted reporter).</summary>
    public bool ReportedLocally { get; init; }
}

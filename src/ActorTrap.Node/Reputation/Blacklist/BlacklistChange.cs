using System.Net;

namespace ActorTrap.Node.Reputation.Blacklist;

/// <summary>One change of a <see cref="LocalBlacklist.ApplyRun"/>: exactly one of the three is set.</summary>
/// <param name="Listed">A listing made or refreshed (manual or scored, by its class).</param>
/// <param name="ManualRemoved">The network whose manual listing ended.</param>
/// <param name="ScoredRemoved">The address whose scored listing ended.</param>
internal readonly record struct BlacklistChange(Listing? Listed, IPNetwork? ManualRemoved, IPAddress? ScoredRemoved)
{
    public static BlacklistChange Of(Listing listing) => new(listing, null, null);
}

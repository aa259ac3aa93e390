using System.Net;

namespace ActorTrap.Node.Traps;

/// <summary>
/// A tagged trap address was written to: <paramref name="Harvester"/> fetched the trap page (in the bucket starting at
/// <paramref name="HarvestedAt"/>) and <paramref name="Spammer"/> wrote to the address it got, at <paramref name="UsedAt"/>.
/// </summary>
public sealed record HarvestEvidence(IPAddress Harvester, DateTimeOffset HarvestedAt, IPAddress Spammer, DateTimeOffset UsedAt)
{
    /// <summary>From the harvest to the use; never negative (a bucket may start after a skewed clock's now).</summary>
    public TimeSpan Delay => UsedAt > HarvestedAt ? UsedAt - HarvestedAt : TimeSpan.Zero;
}

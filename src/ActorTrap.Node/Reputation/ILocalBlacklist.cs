using System.Net;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// This node's in-memory copy of our own blacklist, kept current by the reputation store (within a second in a
/// cluster). Session actors ask it before DNS; lookups are lock-free and allocation-free.
/// </summary>
public interface ILocalBlacklist
{
    bool TryGet(IPAddress address, out Listing? listing);

    /// <summary>Every current listing, for the publishers (a snapshot; later changes do not affect it).</summary>
    IReadOnlyCollection<Listing> Snapshot();
}

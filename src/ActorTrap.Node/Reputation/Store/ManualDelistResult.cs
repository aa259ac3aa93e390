using System.Net;

namespace ActorTrap.Node.Reputation.Store;

/// <param name="ManualRemoved">A manual listing of exactly that network existed and was removed.</param>
/// <param name="Delisted">Addresses whose scored listing was ended.</param>
public sealed record ManualDelistResult(bool ManualRemoved, IReadOnlyList<IPAddress> Delisted);

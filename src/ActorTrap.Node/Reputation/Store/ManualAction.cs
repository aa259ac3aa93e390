using System.Net;

namespace ActorTrap.Node.Reputation.Store;

/// <summary>One manual list or delist, as kept in the audit table.</summary>
/// <param name="Action">"list", "delist", or "expire" (a manual listing whose expiry passed).</param>
/// <param name="Actor">Who did it (the admin API's caller).</param>
public sealed record ManualAction(DateTimeOffset At, string Action, IPNetwork Network, string Reason, string Actor);

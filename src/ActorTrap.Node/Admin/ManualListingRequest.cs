namespace ActorTrap.Node.Admin;

/// <summary>The body of <c>POST /api/list</c> and <c>/api/delist</c>.</summary>
/// <param name="Ip">An address or a CIDR network without host bits.</param>
/// <param name="Reason">Why; required, one line of at most 200 characters, kept in the audit table.</param>
/// <param name="Actor">Who did it; "admin" when left out.</param>
internal sealed record ManualListingRequest(string? Ip, string? Reason, string? Actor);

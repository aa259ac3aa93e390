namespace ActorTrap.Node.Admin;

/// <summary>The body of <c>POST /api/list</c>, <c>/api/list/import</c> and <c>/api/delist</c>.</summary>
/// <param name="Ip">An address or a CIDR network without host bits (list, delist).</param>
/// <param name="Reason">Why; required, one line of at most 200 characters, kept in the audit table.</param>
/// <param name="Actor">Who did it; "admin" when left out.</param>
/// <param name="ExpiresAfterSeconds">List only: the listing lapses this long after now; absent or null, it stays until delisted.</param>
/// <param name="Ips">Import only: the addresses and networks, each as <paramref name="Ip"/>; all are listed, or none.</param>
internal sealed record ManualListingRequest(string? Ip, string? Reason, string? Actor, double? ExpiresAfterSeconds = null, IReadOnlyList<string?>? Ips = null);

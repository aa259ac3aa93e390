using System.Net;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish.dns.codes</c>: the A answer per listing class, as DNSBLs encode why an address is listed.</summary>
public sealed record ListingCodes(IPAddress Behaviour, IPAddress Trap, IPAddress Manual)
{
    /// <summary>
    /// Code of <see cref="ListingClass.Harvester"/>: 127.0.0.20 by default, outside 127.0.0.2-11, the codes that
    /// consumers of the common DNSBLs accept (docs/traps.md).
    /// </summary>
    public IPAddress Harvester { get; init; } = IPAddress.Parse("127.0.0.20");

    public IPAddress For(ListingClass listingClass) => listingClass switch
    {
        ListingClass.Trap => Trap,
        ListingClass.Manual => Manual,
        ListingClass.Harvester => Harvester,
        _ => Behaviour,
    };
}

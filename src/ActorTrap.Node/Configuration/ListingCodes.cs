using System.Net;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish.dns.codes</c>: the A answer per listing class, as DNSBLs encode why an address is listed.</summary>
public sealed record ListingCodes(IPAddress Behaviour, IPAddress Trap, IPAddress Manual)
{
    public IPAddress For(ListingClass listingClass) => listingClass switch
    {
        ListingClass.Trap => Trap,
        ListingClass.Manual => Manual,
        _ => Behaviour,
    };
}

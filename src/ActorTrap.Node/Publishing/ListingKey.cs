using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing;

/// <summary>What identifies a listing: its network. Orders IPv4 before IPv6, then by address bytes, then by prefix.</summary>
internal readonly record struct ListingKey(IPAddress Address, int PrefixLength) : IComparable<ListingKey>
{
    public static ListingKey Of(Listing listing) => new(listing.Address, listing.PrefixLength);

    public bool IsHost => PrefixLength == (Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    /// <summary><c>192.0.2.9</c> for one address, <c>203.0.113.0/24</c> for a network.</summary>
    /// <remarks>Addresses in the one notation of every feed (<see cref="AddressText"/>).</remarks>
    public override string ToString() => AddressText.Format(Address, PrefixLength);

    /// <summary>Always with the prefix: <c>192.0.2.9/32</c> (the JSON feed's <c>network</c>, which consumers split at the slash).</summary>
    public string Cidr => $"{AddressText.Format(Address)}/{PrefixLength}";

    public int CompareTo(ListingKey other)
    {
        var family = Address.AddressFamily.CompareTo(other.Address.AddressFamily);
        if (family != 0)
        {
            return family;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        Address.TryWriteBytes(a, out var n);
        other.Address.TryWriteBytes(b, out _);
        var bytes = a[..n].SequenceCompareTo(b[..n]);
        return bytes != 0 ? bytes : PrefixLength.CompareTo(other.PrefixLength);
    }
}

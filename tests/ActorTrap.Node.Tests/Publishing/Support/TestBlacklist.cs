using System.Collections.Immutable;
using System.Net;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>
/// A small in-memory <see cref="ILocalBlacklist"/> for the publishing specs (the real one is the reputation store's):
/// exact addresses and CIDR networks, longest prefix wins, copy-on-write so readers never lock.
/// </summary>
internal sealed class TestBlacklist : ILocalBlacklist
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private ImmutableList<Listing> listings = [];

    public int Lookups;

    public TestBlacklist(params Listing[] initial) => listings = [.. initial];

    public static Listing Entry(string cidr, ListingClass listingClass = ListingClass.Behaviour, double score = 3, string[]? reasons = null,
        DateTimeOffset? listedAt = null, DateTimeOffset? expires = null)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        var prefix = slash < 0 ? (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128) : int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var at = listedAt ?? Epoch;
        return new Listing(address, prefix, listingClass, score, reasons ?? ["pregreet", "no-quit"], at.AddHours(-1), at, at,
            listingClass == ListingClass.Manual ? null : expires ?? at.AddDays(7));
    }

    public void Add(Listing listing) => ImmutableInterlocked.Update(ref listings, l => l.RemoveAll(x => Same(x, listing)).Add(listing));

    public void Remove(string cidr)
    {
        var probe = Entry(cidr);
        ImmutableInterlocked.Update(ref listings, l => l.RemoveAll(x => Same(x, probe)));
    }

    public bool TryGet(IPAddress address, out Listing? listing)
    {
        Interlocked.Increment(ref Lookups);
        listing = null;
        foreach (var candidate in Volatile.Read(ref listings))
        {
            if (Contains(candidate, address) && (listing is null || candidate.PrefixLength > listing.PrefixLength))
            {
                listing = candidate;
            }
        }

        return listing is not null;
    }

    public IReadOnlyCollection<Listing> Snapshot() => Volatile.Read(ref listings);

    private static bool Same(Listing a, Listing b) => a.Address.Equals(b.Address) && a.PrefixLength == b.PrefixLength;

    private static bool Contains(Listing network, IPAddress address)
    {
        if (network.Address.AddressFamily != address.AddressFamily)
        {
            return false;
        }

        var n = network.Address.GetAddressBytes();
        var a = address.GetAddressBytes();
        var bits = network.PrefixLength;
        for (var i = 0; i < n.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((n[i] & mask) != (a[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}

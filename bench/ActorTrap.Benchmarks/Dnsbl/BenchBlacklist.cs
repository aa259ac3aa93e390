using System.Globalization;
using System.Net;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Benchmarks.Dnsbl;

/// <summary>
/// The benchmark's stand-in for the reputation store's local blacklist (which lives in the reputation area): single
/// addresses in a dictionary, networks in a short list, read from a plain feed file (one address or CIDR a line).
/// Built once, read-only afterwards, so lookups take no lock.
/// </summary>
internal sealed class BenchBlacklist : ILocalBlacklist
{
    private static readonly DateTimeOffset Listed = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<IPAddress, Listing> hosts = [];
    private readonly List<Listing> networks = [];

    public static BenchBlacklist Load(string path)
    {
        var blacklist = new BenchBlacklist();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var slash = line.IndexOf('/', StringComparison.Ordinal);
            var address = IPAddress.Parse(slash < 0 ? line : line[..slash]);
            var full = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
            var prefix = slash < 0 ? full : int.Parse(line[(slash + 1)..], CultureInfo.InvariantCulture);
            var listing = new Listing(address, prefix, ListingClass.Behaviour, 3, ["pregreet", "no-quit"], Listed, Listed, Listed, Listed.AddDays(7));
            if (prefix == full)
            {
                blacklist.hosts[address] = listing;
            }
            else
            {
                blacklist.networks.Add(listing);
            }
        }

        return blacklist;
    }

    public bool TryGet(IPAddress address, out Listing? listing)
    {
        if (hosts.TryGetValue(address, out listing))
        {
            return true;
        }

        foreach (var network in networks)
        {
            if (Contains(network, address))
            {
                listing = network;
                return true;
            }
        }

        listing = null;
        return false;
    }

    public IReadOnlyCollection<Listing> Snapshot() => [.. hosts.Values, .. networks];

    private static bool Contains(Listing network, IPAddress address)
    {
        if (network.Address.AddressFamily != address.AddressFamily)
        {
            return false;
        }

        Span<byte> n = stackalloc byte[16];
        Span<byte> a = stackalloc byte[16];
        network.Address.TryWriteBytes(n, out var length);
        address.TryWriteBytes(a, out _);
        var bits = network.PrefixLength;
        for (var i = 0; i < length && bits > 0; i++, bits -= 8)
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

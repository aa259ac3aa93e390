using System.Net;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// Special-use addresses that are not globally reachable (RFC 6890 and the IANA special-purpose registries it set
/// up, with RFC 6598's shared space, RFC 8215's local-use NAT64 prefix, and multicast): no spambot on the Internet
/// connects from one, so a remote report about one is noise or an attempt to list something that matters locally.
/// </summary>
internal static class SpecialUse
{
    private static readonly IPNetwork[] Ranges =
    [
        .. ((string[])
        [
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
            "fe80::/10", "ff00::/8",
        ]).Select(IPNetwork.Parse),
    ];

    public static bool Contains(IPAddress address) => Networks.Contains(Ranges, address);
}

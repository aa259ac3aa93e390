using System.Net;
using System.Net.Sockets;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>Addresses and networks typed by the user, checked before anything is sent (a typo is exit 2, not a node error).</summary>
internal static class AddressInput
{
    public static IPAddress Address(string text, string what)
    {
        if (IPAddress.TryParse(text.Trim(), out var address) && LooksLikeAnAddress(text))
        {
            return address;
        }

        throw CtlException.Usage($"{what}: \"{SafeText.Plain(text, 60)}\" is not an IPv4 or IPv6 address (e.g. 192.0.2.7 or 2001:db8::7)");
    }

    /// <summary>An address (a /32 or /128) or a network in CIDR notation.</summary>
    /// <param name="exact">Refuse host bits (192.0.2.7/24) instead of masking them, where a slip would list a whole network.</param>
    public static IPNetwork Network(string text, string what, bool exact)
    {
        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            var single = Address(trimmed, what);
            return new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }

        // IPNetwork.TryParse masks host bits silently (192.0.2.7/24 becomes 192.0.2.0/24).
        if (IPNetwork.TryParse(trimmed, out var network) && LooksLikeAnAddress(trimmed[..slash]))
        {
            if (exact && !network.BaseAddress.Equals(IPAddress.Parse(trimmed[..slash])))
            {
                throw CtlException.Usage($"{what}: \"{SafeText.Plain(text, 60)}\" has host bits set; did you mean {network}, or the address {trimmed[..slash]}?");
            }

            return network;
        }

        throw CtlException.Usage($"{what}: \"{SafeText.Plain(text, 60)}\" is not an address or a CIDR network (e.g. 192.0.2.0/24 or 2001:db8::/48)");
    }

    /// <summary>
    /// A cluster member's Akka address, from the address <c>ctl cluster show</c> prints or host:port: the rule of the
    /// seed-nodes configuration (<see cref="ActorTrap.Node.Configuration.SettingsBinder.SeedAddress"/>), so what
    /// works in one works in the other.
    /// </summary>
    public static string Member(string text, string what) =>
        ActorTrap.Node.Configuration.SettingsBinder.SeedAddress(text.Trim())
            ?? throw CtlException.Usage($"{what}: \"{SafeText.Plain(text, 100)}\" is not a member address; write akka.tcp://{ActorTrap.Node.Configuration.ClusterOptions.SystemName}@host:port as ctl cluster show lists it, or host:port");

    /// <summary>IPAddress.TryParse also takes "1" or "1.2" as IPv4 shorthand; nobody means those as a client address.</summary>
    private static bool LooksLikeAnAddress(string text) => text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;
}

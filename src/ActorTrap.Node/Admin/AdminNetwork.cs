using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>Addresses and networks the admin API takes from a caller: parsed strictly, every refusal a sentence for a 400.</summary>
internal static class AdminNetwork
{
    /// <summary>An address (a /32 or /128) or a CIDR network without host bits.</summary>
    /// <remarks>Host bits are refused, not masked: <c>192.0.2.7/24</c> is a slip that would list 255 innocent neighbours.</remarks>
    public static bool TryParseNetwork(string? text, out IPNetwork network, out string error)
    {
        network = default;
        var trimmed = text?.Trim() ?? "";
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (TryParseAddress(trimmed, out var single, out error))
            {
                network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
                return true;
            }

            return false;
        }

        if (!TryParseAddress(trimmed[..slash], out var baseAddress, out _) || !IPNetwork.TryParse(trimmed, out network))
        {
            error = $"ip must be an address or a CIDR network such as 192.0.2.0/24, got \"{LogText.Escape(trimmed, 60)}\"";
            return false;
        }

        if (!network.BaseAddress.Equals(baseAddress))
        {
            error = $"\"{LogText.Escape(trimmed, 60)}\" has host bits set: the network is {network}";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>An IPv4 or IPv6 address; "1" and "1.2" (IPv4 shorthand nobody means) are refused.</summary>
    public static bool TryParseAddress(string? text, out IPAddress address, out string error)
    {
        var trimmed = text?.Trim() ?? "";
        if (IPAddress.TryParse(trimmed, out address!) && (trimmed.Contains(':', StringComparison.Ordinal) || trimmed.Count(c => c == '.') == 3))
        {
            error = "";
            return true;
        }

        address = IPAddress.None;
        error = $"\"{LogText.Escape(trimmed, 60)}\" is not an IPv4 or IPv6 address";
        return false;
    }
}

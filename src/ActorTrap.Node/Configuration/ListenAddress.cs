using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary>
/// A "host:port" listen or server address as written in the configuration: <c>127.0.0.1:9110</c>,
/// <c>[::1]:53</c>, <c>[::]:25</c>. Only literal addresses: a listener must not depend on DNS to start,
/// and resolving names for our own sockets would let a poisoned resolver move them.
/// </summary>
public static class ListenAddress
{
    public static bool TryParse(string? text, int defaultPort, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "expected an address such as \"127.0.0.1:9110\" or \"[::1]:9110\", got an empty string";
            return false;
        }

        string host;
        string? portText = null;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"missing ']' in \"{text}\"; IPv6 addresses are written as \"[::1]:port\"";
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = $"expected ':' and a port after ']' in \"{text}\"";
                    return false;
                }

                portText = rest[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = $"IPv6 address \"{text}\" must be written in brackets with its port, as \"[{text}]:port\"";
                return false;
            }

            host = colon >= 0 ? text[..colon] : text;
            portText = colon >= 0 ? text[(colon + 1)..] : null;
        }

        var port = defaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            error = $"bad port \"{portText}\" in \"{text}\"; expected 0-65535";
            return false;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"\"{host}\" is not an IP address; listen and server addresses must be literal IPs such as 127.0.0.1 or [::1]";
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }

    /// <summary>The form used in config and logs, which <see cref="TryParse"/> reads back.</summary>
    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endPoint.Address}]:{endPoint.Port}"
            : $"{endPoint.Address}:{endPoint.Port}";
}

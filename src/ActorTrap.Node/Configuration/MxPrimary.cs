namespace ActorTrap.Node.Configuration;

/// <summary>One primary MX host the backup-MX probe connects to (<c>actortrap.smtp.mx.primaries</c>, "host:port").</summary>
/// <param name="Host">A host name or an IP address (IPv6 in brackets in the configuration, bare here).</param>
public sealed record MxPrimary(string Host, int Port)
{
    /// <summary>Parses "host:port", "host" (port 25), "[v6]:port" or "[v6]"; false with the reason otherwise.</summary>
    public static bool TryParse(string text, out MxPrimary? primary, out string? error)
    {
        primary = null;
        text = text.Trim();
        string host;
        var portText = "25";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                error = $"\"{text}\" is not host:port such as mx1.example.org:25 or [2001:db8::1]:25";
                return false;
            }

            host = text[1..close];
            if (close + 1 < text.Length)
            {
                portText = text[(close + 2)..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                error = $"\"{text}\": an IPv6 address must be written in brackets, such as [2001:db8::1]:25";
                return false;
            }

            host = colon < 0 ? text : text[..colon];
            if (colon >= 0)
            {
                portText = text[(colon + 1)..];
            }
        }

        host = host.TrimEnd('.').ToLowerInvariant();
        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"\"{text}\": the port must be between 1 and 65535";
            return false;
        }

        if (!System.Net.IPAddress.TryParse(host, out _) && !DomainName.IsValid(host))
        {
            error = $"\"{text}\": \"{host}\" is neither a host name nor an IP address";
            return false;
        }

        primary = new MxPrimary(host, port);
        error = null;
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

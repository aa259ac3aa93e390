using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Smtp.Analysis;

/// <summary>
/// Does a PTR name look like a dynamic/dial-up end-user address (the spambot-detector founding document's
/// "dynamic-IP ranges")? Looks only at the host part of the name (before the registered domain) so that a
/// provider's domain ("cablevision.example", "liverpool.ac.uk") does not count, and never reports a name marked
/// static. Pure; allocates a little per call (called once per session, after the PTR lookup).
/// </summary>
public static class DynamicRdns
{
    public static bool LooksDynamic(string ptrName, IPAddress client) => Classify(ptrName, client).IsDynamic;

    /// <param name="ptrName">The client's PTR name (any case, trailing dot allowed).</param>
    /// <param name="client">The client's address; IPv4-mapped IPv6 counts as IPv4.</param>
    public static DynamicRdnsMatch Classify(string ptrName, IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(ptrName);
        ArgumentNullException.ThrowIfNull(client);
        var host = HostPart(ptrName.Trim().TrimEnd('.').ToLowerInvariant());
        if (host.Length == 0)
        {
            return DynamicRdnsMatch.None;
        }

        var letterRuns = Runs(host, char.IsAsciiLetter);
        if (letterRuns.Any(r => DynamicRdnsWords.Static.Contains(r)))
        {
            return DynamicRdnsMatch.None;
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        var encoding = client.AddressFamily == AddressFamily.InterNetwork ? FindIPv4(host, client.GetAddressBytes()) : null;
        if (encoding is not null)
        {
            return new DynamicRdnsMatch(DynamicRdnsReason.AddressInName, encoding);
        }

        foreach (var run in letterRuns)
        {
            if (DynamicRdnsWords.Words.Contains(run))
            {
                return new DynamicRdnsMatch(DynamicRdnsReason.PoolWord, run);
            }

            foreach (var prefix in DynamicRdnsWords.Prefixes)
            {
                if (run.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return new DynamicRdnsMatch(DynamicRdnsReason.PoolWord, prefix);
                }
            }
        }

        return DynamicRdnsMatch.None;
    }

    // The labels before the registered domain (the last two labels, or three under a registry's second level).
    private static string HostPart(string name)
    {
        var labels = name.Split('.');
        var registered = 2;
        if (labels.Length >= 3 && labels[^1].Length == 2 && DynamicRdnsWords.RegistrySecondLevels.Contains(labels[^2]))
        {
            registered = 3;
        }

        return labels.Length <= registered ? string.Empty : string.Join('.', labels[..^registered]);
    }

    // The client's IPv4 address written into the name: which form matched, or null.
    private static string? FindIPv4(string host, byte[] o)
    {
        var numbers = Runs(host, char.IsAsciiDigit);
        var values = numbers.Select(n => n.Length <= 3 ? int.Parse(n, CultureInfo.InvariantCulture) : -1).ToArray();
        if (ContainsSequence(values, o[0], o[1], o[2], o[3]))
        {
            return "a-b-c-d";
        }

        if (ContainsSequence(values, o[3], o[2], o[1], o[0]))
        {
            return "d-c-b-a";
        }

        if (ContainsSequence(values, o[1], o[2], o[3]))
        {
            return "b-c-d";
        }

        if (ContainsSequence(values, o[3], o[2], o[1]))
        {
            return "d-c-b";
        }

        var padded = $"{o[0]:D3}{o[1]:D3}{o[2]:D3}{o[3]:D3}";
        if (numbers.Contains(padded))
        {
            return "zero-padded";
        }

        var hex = $"{o[0]:x2}{o[1]:x2}{o[2]:x2}{o[3]:x2}";
        if (Runs(host, char.IsAsciiLetterOrDigit).Any(r => r.Contains(hex, StringComparison.Ordinal)))
        {
            return "hex";
        }

        var integer = ((uint)o[0] << 24 | (uint)o[1] << 16 | (uint)o[2] << 8 | o[3]).ToString(CultureInfo.InvariantCulture);
        return numbers.Contains(integer) ? "integer" : null;
    }

    private static bool ContainsSequence(int[] values, params ReadOnlySpan<int> sequence)
    {
        for (var i = 0; i + sequence.Length <= values.Length; i++)
        {
            if (values.AsSpan(i, sequence.Length).SequenceEqual(sequence))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Runs(string text, Func<char, bool> belongs)
    {
        var runs = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inRun = i < text.Length && belongs(text[i]);
            if (inRun && start < 0)
            {
                start = i;
            }
            else if (!inRun && start >= 0)
            {
                runs.Add(text[start..i]);
                start = -1;
            }
        }

        return runs;
    }
}

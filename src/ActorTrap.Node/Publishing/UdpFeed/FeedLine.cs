using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// The one-line verdict of docs/udp-feed.md, version 2 (issue 18):
/// <c>ATF2 KEYID TIME NODE IP SCORE SINS MODE OUTCOME DURATION QUIT MAC</c>, fields separated by one space, MAC the
/// lowercase hex HMAC-SHA256, under the key of the reporter named by KEYID, of every byte before the space that
/// precedes it. Version 1 (one key shared by every detector) is no longer accepted: <c>unknown-version</c>.
/// </summary>
internal static class FeedLine
{
    /// <summary>512 bytes fit in one datagram on any path without fragmentation (RFC 791's 576-byte minimum reassembly).</summary>
    public const int MaxBytes = 512;

    public const string Magic = "ATF2";

    /// <summary>At most this many sins travel in one line; a verdict with more keeps its score and its first sins.</summary>
    public const int MaxSins = 32;

    private const int MacHexLength = 64;

    /// <summary>The line signed by reporter <paramref name="keyId"/> with its <paramref name="key"/>, trimmed of trailing sins if it would not fit.</summary>
    public static byte[] Format(Verdict verdict, string keyId, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var sins = verdict.Sins.Take(MaxSins).ToList();
        while (true)
        {
            var body = Body(verdict, keyId, sins);
            if (body.Length + 1 + MacHexLength <= MaxBytes || sins.Count == 0)
            {
                var bytes = Encoding.ASCII.GetBytes(body);
                var mac = HMACSHA256.HashData(key, bytes);
                return Encoding.ASCII.GetBytes(body + " " + Convert.ToHexStringLower(mac));
            }

            sins.RemoveAt(sins.Count - 1);
        }
    }

    private static string Body(Verdict v, string keyId, List<Sin> sins)
    {
        var text = new StringBuilder(160);
        text.Append(Magic).Append(' ').Append(keyId).Append(' ')
            .Append(v.End.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(NodeName(v.Node)).Append(' ')
            .Append(AddressText.Format(global::ActorTrap.Dns.Dnsbl.DnsblQueryName.Normalize(v.Client))).Append(' ')
            .Append(Number(v.Score)).Append(' ');
        if (sins.Count == 0)
        {
            text.Append('-');
        }

        for (var i = 0; i < sins.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append(sins[i].Kind.WireName()).Append('=').Append(Number(sins[i].Weight));
        }

        text.Append(' ').Append(v.Mode == SessionMode.Drop ? "drop" : "observe")
            .Append(' ').Append(v.Outcome.ToString().ToLowerInvariant())
            .Append(' ').Append(((long)Math.Max(0, v.Duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(v.QuitSent ? '1' : '0');
        return text.ToString();
    }

    /// <summary>Reads a line signed with <paramref name="key"/> whatever key id it names (tests and tools that know the key).</summary>
    public static FeedRejection TryParse(ReadOnlySpan<byte> line, byte[] key, out Verdict? verdict, out long timestampMs, out UInt128 fingerprint) =>
        TryParse(line, _ => key, out _, out verdict, out timestampMs, out fingerprint);

    /// <summary>
    /// Checks size, version and the key id's syntax, finds the reporter's key with <paramref name="keyFor"/> (null: the
    /// id is not configured, <see cref="FeedRejection.UnknownReporter"/>), then the MAC (forged lines cost one HMAC,
    /// nothing more), then every field. <paramref name="keyId"/> is set once the id's syntax is valid.
    /// </summary>
    public static FeedRejection TryParse(ReadOnlySpan<byte> line, Func<string, byte[]?> keyFor, out string? keyId, out Verdict? verdict, out long timestampMs,
        out UInt128 fingerprint)
    {
        ArgumentNullException.ThrowIfNull(keyFor);
        keyId = null;
        verdict = null;
        timestampMs = 0;
        fingerprint = default;
        if (line.Length > 0 && line[^1] == (byte)'\n')
        {
            line = line[..^1];
        }

        if (line.Length > MaxBytes)
        {
            return FeedRejection.Oversized;
        }

        if (line.Length < 4 || !line[..3].SequenceEqual("ATF"u8))
        {
            return FeedRejection.Malformed;
        }

        if (line[3] != (byte)'2' || (line.Length > 4 && line[4] != (byte)' '))
        {
            return FeedRejection.UnknownVersion;
        }

        var rest = line[Math.Min(5, line.Length)..];
        var idEnd = rest.IndexOf((byte)' ');
        if (idEnd <= 0 || idEnd > 32)
        {
            return FeedRejection.Malformed;
        }

        var id = Encoding.ASCII.GetString(rest[..idEnd]);
        if (!Reputation.Scoring.ReporterMark.IsValidId(id))
        {
            return FeedRejection.Malformed;
        }

        keyId = id;
        var lastSpace = line.LastIndexOf((byte)' ');
        if (lastSpace < 0 || line.Length - lastSpace - 1 != MacHexLength)
        {
            return FeedRejection.Malformed;
        }

        Span<byte> presented = stackalloc byte[32];
        if (!TryHex(line[(lastSpace + 1)..], presented))
        {
            return FeedRejection.Malformed;
        }

        if (keyFor(id) is not { } key)
        {
            return FeedRejection.UnknownReporter;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, line[..lastSpace], expected);
        if (!CryptographicOperations.FixedTimeEquals(presented, expected))
        {
            return FeedRejection.BadMac;
        }

        fingerprint = new UInt128(BitConverter.ToUInt64(expected[..8]), BitConverter.ToUInt64(expected[8..16]));
        return TryFields(Encoding.ASCII.GetString(line[..lastSpace]), out verdict, out timestampMs) ? FeedRejection.None : FeedRejection.Malformed;
    }

    private static bool TryFields(string body, out Verdict? verdict, out long timestampMs)
    {
        verdict = null;
        timestampMs = 0;
        // The key id (field 1) was read before the MAC; the rest are version 1's fields.
        var all = body.Split(' ');
        if (all.Length != 11)
        {
            return false;
        }

        var f = all.Where((_, i) => i != 1).ToArray();
        if (f.Length != 10
            || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out timestampMs) || timestampMs > 253402300799999
            || f[2].Length is 0 or > 64 || !f[2].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            || f[3].Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(f[3], out var client)
            || !TryNumber(f[4], out var score)
            || !TrySins(f[5], out var sins)
            || f[6] is not ("drop" or "observe")
            || f[7] != f[7].ToLowerInvariant() || !f[7].All(char.IsAsciiLetterLower) || !Enum.TryParse<SessionOutcome>(f[7], ignoreCase: true, out var outcome)
            || !long.TryParse(f[8], NumberStyles.None, CultureInfo.InvariantCulture, out var durationMs) || durationMs > TimeSpan.FromDays(7).TotalMilliseconds
            || f[9] is not ("0" or "1"))
        {
            return false;
        }

        var end = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs);
        verdict = new Verdict(client, f[2], end - TimeSpan.FromMilliseconds(durationMs), end,
            f[6] == "drop" ? SessionMode.Drop : SessionMode.Observe, outcome, Dnsbl: null, sins, score,
            Helo: null, MailFrom: null, RcptDomains: [], QuitSent: f[9] == "1", BytesIn: 0, BytesOut: 0);
        return true;
    }

    private static bool TrySins(string text, out List<Sin> sins)
    {
        sins = [];
        if (text == "-")
        {
            return true;
        }

        foreach (var item in text.Split(','))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || sins.Count == MaxSins || !SinKinds.TryParse(item[..eq], out var kind) || item[..eq] != kind.WireName()
                || !TryNumber(item[(eq + 1)..], out var weight))
            {
                return false;
            }

            sins.Add(new Sin(kind, weight));
        }

        return true;
    }

    // Scores and weights: plain decimals, finite, within a range no configuration reaches.
    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && text.Length <= 24 && double.IsFinite(value) && Math.Abs(value) <= 1_000_000;

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string NodeName(string node)
    {
        var clean = new string([.. node.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').Take(64)]);
        return clean.Length == 0 ? "unnamed" : clean;
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, Span<byte> into)
    {
        for (var i = 0; i < into.Length; i++)
        {
            var hi = HexValue(hex[2 * i]);
            var lo = HexValue(hex[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return false;
            }

            into[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}

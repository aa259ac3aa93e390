using System.Buffers;

namespace ActorTrap.Smtp.Proxy;

/// <summary>
/// Reads the PROXY protocol header (v1 text and v2 binary, haproxy.org proxy-protocol.txt) that a trusted load
/// balancer puts before the SMTP stream. Stateless and incremental: call it with everything received so far until
/// it stops answering <see cref="ProxyParseStatus.NeedMoreData"/>; it never needs more than
/// <see cref="V1MaxBytes"/> (v1) or 16 + the length cap (v2) bytes, and never throws on input.
/// </summary>
public static partial class ProxyProtocolParser
{
    /// <summary>The longest v1 line including CRLF (spec 2.1: "PROXY TCP6" with two full IPv6 addresses and ports).</summary>
    public const int V1MaxBytes = 107;

    /// <summary>The fixed part of a v2 header: signature, version/command, family, length.</summary>
    public const int V2FixedBytes = 16;

    /// <summary>
    /// Default cap on the v2 length field (bytes after the fixed 16). The spec lets TLVs take it to 65535; real
    /// senders (HAProxy's SSL TLVs, cloud load balancers' endpoint ids) stay well under 1 KiB, and the cap bounds
    /// what a broken peer can make a session buffer. The spec's minimum, 216 bytes of AF_UNIX addresses, fits.
    /// </summary>
    public const int DefaultMaxV2Length = 1024;

    private static ReadOnlySpan<byte> V1Signature => "PROXY "u8;

    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Cheap test of the first bytes of a connection: true when they are (a beginning of) the v1 "PROXY " or the v2
    /// signature, so the session can tell a PROXY header from an untrusted peer (a non-SMTP sin) from SMTP. False for
    /// no bytes.
    /// </summary>
    public static bool LooksLikeProxyHeader(ReadOnlySpan<byte> data) =>
        !data.IsEmpty && (IsPrefixOf(data, V1Signature) || IsPrefixOf(data, V2Signature));

    /// <param name="data">Everything received on the connection so far, from its first byte.</param>
    /// <param name="maxV2Length">Cap on the v2 length field (default <see cref="DefaultMaxV2Length"/>).</param>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> data, int maxV2Length = DefaultMaxV2Length)
    {
        if (data.IsEmpty)
        {
            return ProxyParseResult.NeedMoreData;
        }

        if (IsPrefixOf(data, V1Signature))
        {
            return data.Length < V1Signature.Length ? ProxyParseResult.NeedMoreData : ParseV1(data);
        }

        if (IsPrefixOf(data, V2Signature))
        {
            return data.Length < V2FixedBytes ? ProxyParseResult.NeedMoreData : ParseV2(data, maxV2Length);
        }

        return ProxyParseResult.Invalid(ProxyParseError.NoSignature);
    }

    /// <summary>The same over a PipeReader's buffer; copies at most the header's maximum size when it spans segments.</summary>
    public static ProxyParseResult Parse(ReadOnlySequence<byte> data, int maxV2Length = DefaultMaxV2Length)
    {
        if (data.IsSingleSegment)
        {
            return Parse(data.FirstSpan, maxV2Length);
        }

        var needed = (int)Math.Min(data.Length, Math.Max(V1MaxBytes, V2FixedBytes + (long)Math.Max(0, maxV2Length)));
        var copy = needed <= 2048 ? stackalloc byte[needed] : new byte[needed];
        data.Slice(0, needed).CopyTo(copy);
        return Parse(copy, maxV2Length);
    }

    // True when the shorter of the two is a prefix of the other: data so far agrees with the signature.
    private static bool IsPrefixOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var n = Math.Min(data.Length, signature.Length);
        return data[..n].SequenceEqual(signature[..n]);
    }
}

using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// A token bucket per source network (/24 for IPv4, /56 for IPv6: what one customer of a provider usually gets), on
/// the injected clock, so the responder cannot be made to flood a victim whose address an attacker forges. Memory is
/// fixed: networks hash (with a per-process random seed, so collisions cannot be aimed) into a table of buckets, and
/// two networks that share a bucket share its budget rather than reset it. Over the limit, every second response is
/// a slip (an empty truncated answer, no larger than the query) and the others are dropped, as BIND's RRL does with
/// its default slip of 2.
/// </summary>
internal sealed class SourceRateLimiter
{
    private const int Stripes = 64;

    private readonly Bucket[] buckets;
    private readonly Lock[] locks;
    private readonly TimeProvider time;
    private readonly double perSecond;
    private readonly double burst;
    private readonly double ticksPerSecond;

    /// <param name="perSecond">Sustained responses per second per network; 0 turns the limiter off.</param>
    /// <param name="burst">Responses a network may get at once.</param>
    /// <param name="slots">Buckets in the table (a power of two); 65,536 buckets take 2 MiB.</param>
    public SourceRateLimiter(int perSecond, int burst, TimeProvider time, int slots = 65536)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "must be a power of two");
        }

        this.perSecond = perSecond;
        this.burst = Math.Max(1, burst);
        this.time = time;
        ticksPerSecond = time.TimestampFrequency;
        buckets = perSecond > 0 ? new Bucket[slots] : [];
        locks = [.. Enumerable.Range(0, Stripes).Select(_ => new Lock())];
    }

    public bool Enabled => perSecond > 0;

    public RateDecision Check(IPAddress source)
    {
        if (!Enabled)
        {
            return RateDecision.Allow;
        }

        Span<byte> bytes = stackalloc byte[16];
        source.TryWriteBytes(bytes, out var length);
        return Check(NetworkKey(length == 16 && source.IsIPv4MappedToIPv6 ? bytes[12..16] : bytes[..length]));
    }

    /// <summary>Decides for one source network, keyed by <see cref="NetworkKey(ReadOnlySpan{byte})"/>.</summary>
    public RateDecision Check(ulong networkKey)
    {
        if (!Enabled)
        {
            return RateDecision.Allow;
        }

        var index = HashCode.Combine(networkKey) & (buckets.Length - 1);
        var now = time.GetTimestamp();
        lock (locks[index & (Stripes - 1)])
        {
            ref var bucket = ref buckets[index];
            if (!bucket.Used)
            {
                bucket.Used = true;
                bucket.Tokens = burst;
            }
            else
            {
                var elapsed = (now - bucket.LastTimestamp) / ticksPerSecond;
                bucket.Tokens = Math.Min(burst, bucket.Tokens + (Math.Max(0, elapsed) * perSecond));
            }

            bucket.LastTimestamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return RateDecision.Allow;
            }

            return ++bucket.Denied % 2 == 1 ? RateDecision.Slip : RateDecision.Drop;
        }
    }

    /// <summary>The /24 of an IPv4 address or the /56 of an IPv6 one, as a number (the family in the top bit).</summary>
    public static ulong NetworkKey(ReadOnlySpan<byte> address) => address.Length == 4
        ? (1UL << 63) | ((ulong)address[0] << 16) | ((ulong)address[1] << 8) | address[2]
        : ((ulong)address[0] << 48) | ((ulong)address[1] << 40) | ((ulong)address[2] << 32) | ((ulong)address[3] << 24)
          | ((ulong)address[4] << 16) | ((ulong)address[5] << 8) | address[6];

    /// <summary>The network key of a socket address as the kernel filled it in (Linux <c>sockaddr_in</c>/<c>sockaddr_in6</c>).</summary>
    public static ulong NetworkKey(SocketAddress source) => SockaddrKey(source.Buffer.Span, source.Family == AddressFamily.InterNetwork);

    /// <summary>The same from raw Linux <c>sockaddr</c> bytes (family in the first two bytes: 2 for IPv4, 10 for IPv6).</summary>
    public static ulong NetworkKey(ReadOnlySpan<byte> sockaddr, int length) =>
        SockaddrKey(sockaddr[..length], length >= 8 && sockaddr[0] == 2 && sockaddr[1] == 0);

    private static ulong SockaddrKey(ReadOnlySpan<byte> raw, bool ipv4)
    {
        if (ipv4)
        {
            return NetworkKey(raw.Slice(4, 4));
        }

        if (raw.Length < 24)
        {
            return 0; // not an IP source; share one bucket
        }

        var v6 = raw.Slice(8, 16);
        var mapped = v6[..10].IndexOfAnyExcept((byte)0) < 0 && v6[10] == 0xFF && v6[11] == 0xFF;
        return NetworkKey(mapped ? v6[12..] : v6);
    }

    private struct Bucket
    {
        public double Tokens;
        public long LastTimestamp;
        public long Denied;
        public bool Used;
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace ActorTrap.Node.Traps;

/// <summary>
/// Seals a page visitor's address and the time bucket into the local part of a trap address, and opens it again on
/// any node that holds the key: nothing is stored per visit. The token is
/// <c>base32lower(key id ‖ tag ‖ (minute ‖ address) XOR stream)</c>, where <c>minute</c> is the bucket's start in
/// whole minutes since 1970 (4 bytes), <c>tag</c> = HMAC-SHA256(mac key, key id ‖ minute ‖ address) cut to 10 bytes,
/// and <c>stream</c> = HMAC-SHA256(stream key, tag): a synthetic-IV construction (as AES-SIV, RFC 5297), so the
/// visitor's address is not readable in the page and the same visitor gets the same address within a bucket.
/// Forging one that opens means guessing an 80-bit tag: one chance in 2^80 per try. IPv4 gives 31 characters,
/// IPv6 50, within RFC 5321's 64 for a local part. Thread-safe; a reload swaps the keys whole.
/// </summary>
internal sealed class TrapTokens
{
    public const int TagBytes = 10;
    private const int HeaderBytes = 1 + TagBytes;

    private volatile Keys keys;

    /// <param name="keys">Every key that opens tokens (id 0-255), at least one.</param>
    /// <param name="currentId">The key that seals new ones; must be among <paramref name="keys"/>.</param>
    /// <param name="bucket">Width of the time bucket, whole minutes (a token names when within it, no finer).</param>
    public TrapTokens(IReadOnlyDictionary<int, string> keys, int currentId, TimeSpan bucket)
    {
        if (bucket < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), "at least one minute");
        }

        Bucket = bucket;
        this.keys = Build(keys, currentId);
    }

    public TimeSpan Bucket { get; }

    /// <summary>Longest token: an IPv6 visitor.</summary>
    public static int MaxLength => Base32Lower.EncodedLength(HeaderBytes + 4 + 16);

    /// <summary>A reload's keys: tokens sealed from now on use <paramref name="currentId"/>; a key no longer listed no longer opens.</summary>
    public void UseKeys(IReadOnlyDictionary<int, string> next, int currentId) => keys = Build(next, currentId);

    /// <summary>The local part for a visitor of the page at <paramref name="now"/>.</summary>
    public string Seal(IPAddress visitor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var k = keys;
        var address = Normalise(visitor).GetAddressBytes();
        var minutes = (long)Math.Floor(now.ToUnixTimeSeconds() / 60.0);
        var bucketMinutes = (long)Bucket.TotalMinutes;
        var start = (uint)Math.Clamp(minutes - (minutes % bucketMinutes), 0, uint.MaxValue);
        Span<byte> token = stackalloc byte[HeaderBytes + 4 + address.Length];
        token[0] = k.Current.Id;
        var plain = token[HeaderBytes..];
        BinaryPrimitives.WriteUInt32BigEndian(plain, start);
        address.CopyTo(plain[4..]);
        Tag(k.Current, token[0], plain, token.Slice(1, TagBytes));
        Crypt(k.Current, token.Slice(1, TagBytes), plain);
        return Base32Lower.Encode(token);
    }

    /// <summary>Opens a local part (either case). Never throws on client input.</summary>
    public TokenOpening Open(ReadOnlySpan<char> localPart)
    {
        if (localPart.Length != Base32Lower.EncodedLength(HeaderBytes + 8) && localPart.Length != MaxLength)
        {
            return TokenOpening.NotAToken;
        }

        Span<byte> token = stackalloc byte[HeaderBytes + 20];
        if (!Base32Lower.TryDecode(localPart, token, out var length) || length is not (HeaderBytes + 8 or HeaderBytes + 20))
        {
            return TokenOpening.NotAToken;
        }

        token = token[..length];
        if (!keys.ById.TryGetValue(token[0], out var key))
        {
            return new TokenOpening(TokenStatus.UnknownKey, KeyId: token[0]);
        }

        var plain = token[HeaderBytes..];
        var tag = token.Slice(1, TagBytes);
        Crypt(key, tag, plain);
        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(key, token[0], plain, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return new TokenOpening(TokenStatus.Forged, KeyId: token[0]);
        }

        var harvestedAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(plain) * 60L);
        return new TokenOpening(TokenStatus.Opened, new IPAddress(plain[4..]), harvestedAt, token[0]);
    }

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static void Tag(TrapKey key, byte id, ReadOnlySpan<byte> plain, Span<byte> tag)
    {
        Span<byte> input = stackalloc byte[1 + plain.Length];
        input[0] = id;
        plain.CopyTo(input[1..]);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key.MacKey, input, mac);
        mac[..TagBytes].CopyTo(tag);
    }

    private static void Crypt(TrapKey key, ReadOnlySpan<byte> tag, Span<byte> data)
    {
        Span<byte> stream = stackalloc byte[32];
        HMACSHA256.HashData(key.StreamKey, tag, stream);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= stream[i];
        }
    }

    private static Keys Build(IReadOnlyDictionary<int, string> configured, int currentId)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var byId = new Dictionary<byte, TrapKey>();
        foreach (var (id, secret) in configured)
        {
            if (id is < 0 or > 255)
            {
                throw new ArgumentOutOfRangeException(nameof(configured), id, "key ids are 0-255");
            }

            byId[(byte)id] = new TrapKey((byte)id, secret);
        }

        return byId.TryGetValue((byte)currentId, out var current) && currentId is >= 0 and <= 255
            ? new Keys(byId, current)
            : throw new ArgumentException($"the current key id {currentId} is not among the keys", nameof(currentId));
    }

    private sealed record Keys(Dictionary<byte, TrapKey> ById, TrapKey Current);
}


using System.Net;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// The stable hash of an address: the same in every process, machine and release, unlike
/// <c>string.GetHashCode</c>. It picks the shard actor (<c>hash mod shards</c>) and is the PostgreSQL partition key
/// column, so changing it is a data migration: the test vectors in ShardKeySpec pin it.
/// </summary>
/// <remarks>
/// FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the 16-byte IPv6-mapped address, then
/// the MurmurHash3 64-bit finaliser so that addresses differing only in their last bytes still spread over every
/// shard (FNV's low bits depend only on the low bits of the input).
/// </remarks>
internal static class ShardKey
{
    private const ulong FnvOffsetBasis = 0xcbf29ce484222325;
    private const ulong FnvPrime = 0x100000001b3;

    public static ulong Hash(IPAddress address) => Hash(IpKey.From(address));

    public static ulong Hash(IpKey key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.WriteBytes(bytes);
        return Finalise(Fnv1a(bytes));
    }

    /// <summary>The shard of <paramref name="key"/> among <paramref name="shards"/> (0-based).</summary>
    public static int Shard(IpKey key, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return (int)(Hash(key) % (ulong)shards);
    }

    /// <summary>The hash as PostgreSQL's <c>bigint</c> (the same 64 bits, signed).</summary>
    public static long PartitionKey(IpKey key) => unchecked((long)Hash(key));

    public static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }

    private static ulong Finalise(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return h;
    }
}

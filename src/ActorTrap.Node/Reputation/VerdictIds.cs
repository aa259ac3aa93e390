using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// Ids that let a store tell a resent verdict from a new one (it keeps the ids it applied and skips a delta carrying
/// one of them). An id is a random 40-bit prefix (<see cref="RandomNumberGenerator"/>) in the high bits and a 24-bit
/// counter in the low ones; after 2^24 ids the generator draws a new prefix, never zero and never the one it replaces,
/// so ids are never 0 (otherwise any <see cref="long"/>, negative ones included) and never repeat within a prefix.
/// Nothing is persisted: across processes and restarts, uniqueness rests on the prefixes. Thread-safe and lock-free.
/// <para>
/// Collisions: two ids can only be equal if two prefixes are (drawn by two generators, or by one after a wrap). With
/// k prefixes drawn by every generator whose ids a store still keeps (it keeps them for <c>reputation.retention</c>,
/// 7 days by default), the chance that any two are equal is below k²/2⁴¹. A pessimistic cluster of 10 nodes that each
/// restart every hour draws k ≈ 1,700 prefixes a week (a wrap adds one per 16.7 million verdicts of one process):
/// 1.3 × 10⁻⁶. Ten nodes restarting daily draw about 70: 2 × 10⁻⁹. A collision only ever makes the store take a
/// verdict for a resend of another and skip it: evidence is under-counted, never counted twice, so a collision
/// cannot list a mail server.
/// </para>
/// </summary>
internal sealed class VerdictIds
{
    public const int CounterBits = 24;
    public const int PrefixBits = 64 - CounterBits;
    private const long CounterMask = (1L << CounterBits) - 1;
    private const long PrefixMask = (1L << PrefixBits) - 1;

    private readonly Func<long> drawPrefix;

    /// <summary>The id the next call returns.</summary>
    private long next;

    public VerdictIds()
        : this(RandomPrefix)
    {
    }

    /// <summary>For specs: prefixes from <paramref name="drawPrefix"/> (low 40 bits used), the first id at <paramref name="counter"/>.</summary>
    internal VerdictIds(Func<long> drawPrefix, long counter = 0)
    {
        this.drawPrefix = drawPrefix;
        next = Compose(Draw(avoid: 0), counter & CounterMask);
    }

    /// <summary>A new id: unique in this process, and across processes with the probability above; never 0.</summary>
    public long Next()
    {
        while (true)
        {
            var id = Volatile.Read(ref next);
            // At the end of a prefix's counter the next id starts a new prefix. A thread that loses the race below
            // wastes the prefix it drew, which costs nothing but one more draw in the bound above.
            var after = (id & CounterMask) == CounterMask ? Compose(Draw(avoid: id >>> CounterBits), 0) : id + 1;
            if (Interlocked.CompareExchange(ref next, after, id) == id)
            {
                return id;
            }
        }
    }

    private static long Compose(long prefix, long counter) => (prefix << CounterBits) | counter;

    private long Draw(long avoid)
    {
        long prefix;
        do
        {
            prefix = drawPrefix() & PrefixMask;
        }
        while (prefix == 0 || prefix == avoid);

        return prefix;
    }

    private static long RandomPrefix()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }
}

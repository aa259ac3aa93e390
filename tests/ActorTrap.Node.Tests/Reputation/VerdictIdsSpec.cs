using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Tests.Reputation;

public sealed class VerdictIdsSpec
{
    private const long LastCounter = (1L << VerdictIds.CounterBits) - 1;

    private static Func<long> Prefixes(params long[] prefixes)
    {
        var queue = new Queue<long>(prefixes);
        return queue.Dequeue;
    }

    private static long Prefix(long id) => id >>> VerdictIds.CounterBits;

    private static long Counter(long id) => id & LastCounter;

    [Fact]
    public void Ids_are_the_prefix_in_the_high_bits_and_a_counter_in_the_low_ones()
    {
        var ids = new VerdictIds(Prefixes(5));
        Assert.Equal([5L << 24, (5L << 24) + 1, (5L << 24) + 2], [ids.Next(), ids.Next(), ids.Next()]);
    }

    [Fact]
    public void Counter_wrap_draws_a_new_prefix_and_never_reuses_the_one_it_replaces()
    {
        var ids = new VerdictIds(Prefixes(5, 5, 9), counter: LastCounter - 1);
        Assert.Equal([(5L << 24) | (LastCounter - 1), (5L << 24) | LastCounter, 9L << 24, (9L << 24) + 1],
            [ids.Next(), ids.Next(), ids.Next(), ids.Next()]);
    }

    [Fact]
    public void Prefix_zero_is_never_used_so_no_id_is_zero()
    {
        var ids = new VerdictIds(Prefixes(0, 1L << 40, 3));
        Assert.Equal(3L << 24, ids.Next());
    }

    [Fact]
    public void Prefix_may_fill_the_sign_bit()
    {
        var ids = new VerdictIds(Prefixes(-1), counter: 7);
        var id = ids.Next();
        Assert.True(id < 0);
        Assert.Equal(((1L << 40) - 1, 7L), (Prefix(id), Counter(id)));
    }

    [Fact]
    public void Fresh_generators_start_from_different_random_prefixes()
    {
        // Fails with probability 2^-40 per run.
        var a = new VerdictIds().Next();
        var b = new VerdictIds().Next();
        Assert.NotEqual(Prefix(a), Prefix(b));
        Assert.Equal((0L, 0L), (Counter(a), Counter(b)));
    }

    [Fact]
    public void Ids_taken_from_many_threads_across_a_wrap_are_all_distinct_and_contiguous()
    {
        var drawn = 0L;
        var ids = new VerdictIds(() => Interlocked.Increment(ref drawn), counter: LastCounter - 999);
        const int Threads = 8;
        const int PerThread = 20_000;
        var taken = new long[Threads][];
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var mine = new long[PerThread];
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                mine[i] = ids.Next();
            }

            taken[t] = mine;
        })).ToList();
        workers.ForEach(w => w.Start());
        Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromSeconds(30))));

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(Threads * PerThread, all.Distinct().Count());
        Assert.DoesNotContain(0L, all);
        // The first 1,000 ids finish prefix 1; the rest are one later prefix counting from 0 without a gap (a thread
        // that lost the race at the wrap may have wasted a drawn prefix, so it need not be 2).
        var byPrefix = all.GroupBy(Prefix).OrderBy(g => g.Key).ToList();
        Assert.Equal(2, byPrefix.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => LastCounter - 999 + i), byPrefix[0].Select(Counter).Order());
        Assert.Equal(Enumerable.Range(0, Threads * PerThread - 1000).Select(i => (long)i), byPrefix[1].Select(Counter).Order());
        Assert.Equal(1L, byPrefix[0].Key);
    }
}

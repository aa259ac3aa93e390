namespace ActorTrap.Metrics.Exposition;

/// <summary>
/// The series of one family keyed by their tags, regardless of tag order. Lookups are lock-free and allocation-free
/// (chains of immutable nodes published with a volatile write); only the first measurement of a new label set takes
/// the lock. Bounded: past <c>maxSeries</c> label sets, measurements go to one overflow series.
/// </summary>
internal sealed class SeriesTable(int bucketCount, int maxSeries)
{
    private static readonly KeyValuePair<string, object?>[] OverflowTags = [new("otel_metric_overflow", "true")];

    private readonly Lock gate = new();
    private volatile Node?[] buckets = new Node?[16];
    private Series? overflow;
    private int count;

    public int Count => Volatile.Read(ref count);

    public Series GetOrAdd(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = Hash(tags);
        var table = buckets;
        for (var node = Volatile.Read(ref table[hash & (table.Length - 1)]); node is not null; node = node.Next)
        {
            if (node.Hash == hash && Matches(node.Series.Tags, tags))
            {
                return node.Series;
            }
        }

        return AddSlow(tags, hash);
    }

    /// <summary>Every series, in no particular order (the scrape sorts).</summary>
    public List<Series> Snapshot()
    {
        var list = new List<Series>(Count + 1);
        lock (gate)
        {
            foreach (var head in buckets)
            {
                for (var node = head; node is not null; node = node.Next)
                {
                    list.Add(node.Series);
                }
            }

            if (overflow is not null)
            {
                list.Add(overflow);
            }
        }

        return list;
    }

    private Series AddSlow(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash)
    {
        lock (gate)
        {
            var table = buckets;
            for (var node = table[hash & (table.Length - 1)]; node is not null; node = node.Next)
            {
                if (node.Hash == hash && Matches(node.Series.Tags, tags))
                {
                    return node.Series;
                }
            }

            if (count >= maxSeries)
            {
                return overflow ??= new Series(OverflowTags, Labels.Render(OverflowTags), bucketCount);
            }

            var copy = tags.ToArray();
            var series = new Series(copy, Labels.Render(copy), bucketCount);
            if (count + 1 > table.Length * 2)
            {
                table = Grow(table);
            }

            var index = hash & (table.Length - 1);
            Volatile.Write(ref table[index], new Node(hash, series, table[index]));
            Volatile.Write(ref count, count + 1);
            buckets = table;
            return series;
        }
    }

    private static Node?[] Grow(Node?[] old)
    {
        var grown = new Node?[old.Length * 2];
        foreach (var head in old)
        {
            for (var node = head; node is not null; node = node.Next)
            {
                var index = node.Hash & (grown.Length - 1);
                grown[index] = new Node(node.Hash, node.Series, grown[index]);
            }
        }

        return grown;
    }

    // Order-independent, so {a,b} and {b,a} find the same series.
    private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }

        return hash & int.MaxValue;
    }

    private static bool Matches(KeyValuePair<string, object?>[] stored, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (stored.Length != tags.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            // Callers nearly always pass tags in the same order: try the same position first.
            var tag = tags[i];
            if (string.Equals(stored[i].Key, tag.Key, StringComparison.Ordinal))
            {
                if (!Equals(stored[i].Value, tag.Value))
                {
                    return false;
                }

                continue;
            }

            var found = false;
            foreach (var candidate in stored)
            {
                if (string.Equals(candidate.Key, tag.Key, StringComparison.Ordinal))
                {
                    found = Equals(candidate.Value, tag.Value);
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Node(int Hash, Series Series, Node? Next);
}

using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net;

namespace ActorTrap.Node.Reputation.Blacklist;

/// <summary>
/// This node's copy of our own blacklist. Reads are lock-free and allocation-free: scored listings sit in a
/// concurrent dictionary keyed by address (O(1)), manual listings in an immutable set of per-prefix-length frozen
/// dictionaries that is swapped whole when it changes (a lookup costs one probe per distinct prefix length, usually
/// one or two). Writers (the local shards, the PostgreSQL listener, the chore) serialise on a lock.
/// Entries leave when delisted (expiry is decided by the store's chore, so a copy never disagrees with the table).
/// </summary>
internal sealed class LocalBlacklist : ILocalBlacklist
{
    private readonly Lock writer = new();
    private volatile ConcurrentDictionary<IpKey, Listing> scored = new();
    private volatile ManualSet manual = ManualSet.Empty;
    private long version;

    /// <summary>Incremented on every change; a publisher can poll it to know when to rebuild its zone.</summary>
    public long Version => Interlocked.Read(ref version);

    public int Count => scored.Count + manual.Count;

    public bool TryGet(IPAddress address, out Listing? listing)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = IpKey.From(address);
        if (manual.TryGet(key, out listing))
        {
            return true;
        }

        if (scored.TryGetValue(key, out var found))
        {
            listing = found;
            return true;
        }

        listing = null;
        return false;
    }

    public IReadOnlyCollection<Listing> Snapshot() => [.. manual.All, .. scored.Values];

    /// <summary>Every listing, read lazily without a copy (a million are not duplicated for one page of <c>ctl listings</c>).</summary>
    public IEnumerable<Listing> Enumerate()
    {
        foreach (var listing in manual.All)
        {
            yield return listing;
        }

        // The dictionary's enumerator is safe alongside writers: it sees each entry at most once.
        foreach (var (_, listing) in scored)
        {
            yield return listing;
        }
    }

    /// <summary>True when <paramref name="address"/> has a scored listing (manual networks aside); lock-free.</summary>
    public bool HasScored(IPAddress address) => scored.ContainsKey(IpKey.From(address));

    /// <summary>Adds or refreshes a listing (a manual one when its class is <see cref="ListingClass.Manual"/>).</summary>
    public void Apply(Listing listing)
    {
        lock (writer)
        {
            if (listing.Class == ListingClass.Manual)
            {
                manual = manual.With(listing);
            }
            else
            {
                scored[IpKey.From(listing.Address)] = listing;
            }

            Interlocked.Increment(ref version);
        }
    }

    /// <summary>
    /// Applies a run of changes in their order under one lock and rebuilds the manual set once, not once per change:
    /// an import of 100,000 manual listings would otherwise rebuild a growing set 100,000 times. Each change is a
    /// listing made or refreshed, the manual listing of a network removed, or the scored listing of an address removed.
    /// </summary>
    public void ApplyRun(IReadOnlyList<BlacklistChange> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (writer)
        {
            Dictionary<IPNetwork, Listing>? edited = null;
            foreach (var change in run)
            {
                switch (change)
                {
                    case { Listed: { Class: ListingClass.Manual } listing }:
                        edited ??= manual.All.ToDictionary(l => ManualSet.NetworkOf(l));
                        edited[ManualSet.NetworkOf(listing)] = listing;
                        break;
                    case { Listed: { } listing }:
                        scored[IpKey.From(listing.Address)] = listing;
                        break;
                    case { ManualRemoved: { } network }:
                        edited ??= manual.All.ToDictionary(l => ManualSet.NetworkOf(l));
                        edited.Remove(Networks.Normalise(network));
                        break;
                    case { ScoredRemoved: { } address }:
                        scored.TryRemove(IpKey.From(address), out _);
                        break;
                }
            }

            if (edited is not null)
            {
                manual = ManualSet.Of(edited.Values);
            }

            Interlocked.Increment(ref version);
        }
    }

    /// <summary>Removes the scored listing of one address; manual listings stay.</summary>
    public bool Remove(IPAddress address)
    {
        lock (writer)
        {
            var removed = scored.TryRemove(IpKey.From(address), out _);
            if (removed)
            {
                Interlocked.Increment(ref version);
            }

            return removed;
        }
    }

    /// <summary>Removes the manual listing of exactly <paramref name="network"/>.</summary>
    public bool RemoveManual(IPNetwork network)
    {
        lock (writer)
        {
            var next = manual.Without(Networks.Normalise(network));
            if (ReferenceEquals(next, manual))
            {
                return false;
            }

            manual = next;
            Interlocked.Increment(ref version);
            return true;
        }
    }

    /// <summary>Replaces everything with a full load from the store (start-up, reconnect): readers see old or new, never a mix.</summary>
    public void Replace(IEnumerable<Listing> listings)
    {
        var nextScored = new ConcurrentDictionary<IpKey, Listing>();
        var nextManual = ManualSet.Empty;
        var manualListings = new List<Listing>();
        foreach (var listing in listings)
        {
            if (listing.Class == ListingClass.Manual)
            {
                manualListings.Add(listing);
            }
            else
            {
                nextScored[IpKey.From(listing.Address)] = listing;
            }
        }

        nextManual = ManualSet.Of(manualListings);
        lock (writer)
        {
            manual = nextManual;
            scored = nextScored;
            Interlocked.Increment(ref version);
        }
    }

    /// <summary>Manual listings by mapped prefix length; immutable, replaced on change (manual changes are rare).</summary>
    private sealed class ManualSet
    {
        public static readonly ManualSet Empty = new([]);
        private readonly (int Prefix, FrozenDictionary<IpKey, Listing> Entries)[] levels;

        private ManualSet(List<Listing> all)
        {
            All = all;
            levels = all
                .GroupBy(l => Networks.MappedPrefix(new IPNetwork(l.Address, l.PrefixLength)))
                .OrderByDescending(g => g.Key)
                .Select(g => (g.Key, g.ToFrozenDictionary(l => IpKey.From(l.Address).Mask(g.Key))))
                .ToArray();
        }

        public IReadOnlyList<Listing> All { get; }

        public int Count => All.Count;

        public static ManualSet Of(IEnumerable<Listing> listings) =>
            new(listings.GroupBy(Network).Select(g => g.Last()).ToList());

        public bool TryGet(IpKey key, out Listing? listing)
        {
            foreach (var (prefix, entries) in levels)
            {
                if (entries.TryGetValue(key.Mask(prefix), out var found))
                {
                    listing = found;
                    return true;
                }
            }

            listing = null;
            return false;
        }

        public ManualSet With(Listing listing)
        {
            var network = Network(listing);
            return new ManualSet([.. All.Where(l => Network(l) != network), listing]);
        }

        public ManualSet Without(IPNetwork network)
        {
            var kept = All.Where(l => Network(l) != network).ToList();
            return kept.Count == All.Count ? this : new ManualSet(kept);
        }

        public static IPNetwork NetworkOf(Listing l) => Network(l);

        private static IPNetwork Network(Listing l) => Networks.Normalise(new IPNetwork(l.Address, l.PrefixLength));
    }
}

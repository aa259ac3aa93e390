using System.Security.Cryptography;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing;

/// <summary>
/// What the publishers last published and how it changed. Each <see cref="Refresh"/> compares a snapshot of the local
/// blacklist with the previous one and numbers every difference; the feeds' <c>since=</c> cursor is
/// <c>epoch-version</c>, where the epoch is random per process, so a cursor from before a restart (or from another
/// node) is recognised and answered with the full list. The change log is bounded: a cursor older than what it keeps
/// also gets the full list.
/// </summary>
internal sealed class ListingJournal(TimeProvider time, int maxChanges = 200_000)
{
    private readonly Lock gate = new();
    private readonly Queue<FeedChange> changes = new();
    private Dictionary<ListingKey, Listing> current = [];
    private State state = new(0, [], DateTimeOffset.MinValue);
    private long forgottenThrough;

    /// <summary>Random per process: cursors from another run or node never match.</summary>
    public string Epoch { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>Number of the last change; 0 before the first listing.</summary>
    public long Version => Volatile.Read(ref state).Version;

    /// <summary>When the last change was seen; <see cref="DateTimeOffset.MinValue"/> before any.</summary>
    public DateTimeOffset LastChange => Volatile.Read(ref state).LastChange;

    /// <summary>The current listings in <see cref="ListingKey"/> order.</summary>
    public IReadOnlyList<Listing> Listings => Volatile.Read(ref state).Sorted;

    public string Cursor => $"{Epoch}-{Version}";

    /// <summary>Takes in a new snapshot; returns true when it differs from the last one.</summary>
    public bool Refresh(IReadOnlyCollection<Listing> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var next = new Dictionary<ListingKey, Listing>(snapshot.Count);
        foreach (var listing in snapshot)
        {
            next[ListingKey.Of(listing)] = listing;
        }

        lock (gate)
        {
            var version = state.Version;
            foreach (var (key, listing) in next)
            {
                if (!current.TryGetValue(key, out var before) || !ListingContent.Same(before, listing))
                {
                    Log(new FeedChange(++version, key, listing));
                }
            }

            foreach (var key in current.Keys.Where(k => !next.ContainsKey(k)))
            {
                Log(new FeedChange(++version, key, null));
            }

            current = next;
            if (version == state.Version)
            {
                return false;
            }

            var sorted = next.OrderBy(p => p.Key).Select(p => p.Value).ToArray();
            Volatile.Write(ref state, new State(version, sorted, time.GetUtcNow()));
            return true;
        }
    }

    /// <summary>The full list, or only what changed after <paramref name="since"/> when that cursor is still answerable.</summary>
    public FeedView View(string? since)
    {
        lock (gate)
        {
            var cursor = $"{Epoch}-{state.Version}";
            if (since is null || !TryParseCursor(since, out var after) || after < forgottenThrough || after > state.Version)
            {
                return new FeedView(cursor, Full: true, state.Sorted, []);
            }

            // Several changes of one network collapse into its latest.
            var latest = new Dictionary<ListingKey, FeedChange>();
            foreach (var change in changes.Where(c => c.Version > after))
            {
                latest[change.Key] = change;
            }

            var ordered = latest.Values.OrderBy(c => c.Key).ToList();
            return new FeedView(cursor, Full: false,
                [.. ordered.Where(c => c.Listing is not null).Select(c => c.Listing!)],
                [.. ordered.Where(c => c.Listing is null).Select(c => c.Key)]);
        }
    }

    private bool TryParseCursor(string text, out long version)
    {
        version = 0;
        var dash = text.LastIndexOf('-');
        return dash > 0 && text.AsSpan(0, dash).SequenceEqual(Epoch)
            && long.TryParse(text.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version);
    }

    private void Log(FeedChange change)
    {
        changes.Enqueue(change);
        while (changes.Count > maxChanges)
        {
            forgottenThrough = changes.Dequeue().Version;
        }
    }

    private sealed record State(long Version, IReadOnlyList<Listing> Sorted, DateTimeOffset LastChange);
}

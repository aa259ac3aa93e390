using System.Net;
using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Reputation.Store;

/// <summary>
/// Where reputation lives: SQLite for one node, PostgreSQL for a cluster. Every implementation passes the same
/// contract suite (StoreContract in the tests). Methods are thread-safe; a failure that may go away (store down,
/// timeout) surfaces as <see cref="StoreUnavailableException"/>, anything else is a bug or a misconfiguration.
/// </summary>
internal interface IReputationStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres", for logs and metrics.</summary>
    string Kind { get; }

    /// <summary>Creates or migrates the schema. Safe to call from several nodes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>A reload's listing rule (thresholds, soft weights): merges from now on score with it; stored scores stay.</summary>
    void UseScoring(ScoringOptions rule);

    /// <summary>
    /// Merges a batch atomically (all rows or none) with the scoring rules, and returns the new state of each address
    /// it merged. Concurrent merges about the same address, from this or another node, never lose an update. A delta
    /// whose verdict ids (<see cref="EvidenceDelta.Ids"/>) were applied before is a resend: it is skipped and counted
    /// in <see cref="DuplicatesSkipped"/>, so the list can be shorter than the batch, or empty.
    /// </summary>
    Task<IReadOnlyList<MergeResult>> MergeAsync(IReadOnlyList<EvidenceDelta> batch, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deltas <see cref="MergeAsync"/> skipped as resends since this store object was created (merges that committed only).</summary>
    long DuplicatesSkipped { get; }

    Task<ReputationRecord?> GetAsync(IPAddress address, CancellationToken cancellationToken);

    /// <summary>Every listing in force at <paramref name="now"/>: scored listings and manual ones (those with an expiry only before it).</summary>
    Task<IReadOnlyList<Listing>> LoadListingsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends scored listings whose expiry is at or before <paramref name="now"/>; returns the addresses delisted.</summary>
    Task<IReadOnlyList<IPAddress>> ExpireListingsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes unlisted addresses last seen before <paramref name="cutoff"/>, and returns how many; also forgets the
    /// verdict ids applied before it. The ids must outlive any resend (seconds to minutes) and the replay of a spooled
    /// batch that had in fact committed (a node that lost the store right after a merge replays it once it is back).
    /// The purge chore passes now less <c>reputation.retention</c> (7 days by default, at least the listing TTL): a
    /// node whose spool is older than that has been cut off from the store for a week. A verdict resent after its id
    /// was forgotten counts again, but its evidence has then decayed for a week of half-lives (to 1/128 with the
    /// defaults) and is older than the listing TTL, so on its own it cannot list an address.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>
    /// Lists networks (or single addresses) by hand in one transaction, all or none, each recorded in the audit trail
    /// with <paramref name="reason"/> and <paramref name="actor"/>. A network listed again takes the new reason and
    /// expiry. Each stays listed until delisted by hand or, when <paramref name="expires"/> is set, until the expiry
    /// chore passes that time (<see cref="ExpireManualListingsAsync"/>). Returns the listings in the order given.
    /// </summary>
    Task<IReadOnlyList<Listing>> ManualListAsync(IReadOnlyList<IPNetwork> networks, string reason, string actor, DateTimeOffset? expires,
        DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the manual listings whose expiry is at or before <paramref name="now"/>, records each in the audit trail
    /// (action "expire", actor <see cref="ExpiryActor"/>, the listing's own reason), and returns their networks.
    /// </summary>
    Task<IReadOnlyList<IPNetwork>> ExpireManualListingsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Who the audit trail names for a manual listing that ended at its expiry.</summary>
    const string ExpiryActor = "listing-expiry";

    /// <summary>
    /// Removes the manual listing of exactly <paramref name="network"/>, if any, and ends the scored listings of the
    /// addresses inside it, zeroing their scores so that only new evidence can list them again.
    /// </summary>
    Task<ManualDelistResult> ManualDelistAsync(IPNetwork network, string reason, string actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The newest manual actions, newest first (the audit trail of list and delist).</summary>
    Task<IReadOnlyList<ManualAction>> ManualActionsAsync(int max, CancellationToken cancellationToken);
}

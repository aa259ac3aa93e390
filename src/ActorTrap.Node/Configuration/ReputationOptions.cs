using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.data-dir</c> and <c>actortrap.reputation</c>.</summary>
/// <param name="DataDirectory">Absolute path of <c>actortrap.data-dir</c>: the SQLite file and the spool live here.</param>
/// <param name="PostgresConnectionString">Npgsql connection string; null with the SQLite store. Never log it: see <see cref="RedactedConnectionString"/>.</param>
/// <param name="Shards">Shards of the reputation entities in the whole cluster; an address's entity is in shard <c>stable-hash mod Shards</c>.</param>
/// <param name="Allow">Networks whose addresses are scored but never listed.</param>
/// <param name="Retention">Unlisted addresses not seen for this long are deleted from the store.</param>
/// <param name="BatchSize">Distinct addresses a shard writes in one merge at most.</param>
/// <param name="BatchInterval">Longest a verdict waits in its shard before the shard writes.</param>
/// <param name="IdleAfter">An address's entity not sent anything for this long passivates (its state stays in the store).</param>
/// <param name="StoreTimeout">Longest one store call may take before it counts as failed (the batch goes to the spool).</param>
/// <param name="SpoolMaxBytes">On-disk spool bound; when full, the oldest evidence is dropped and counted.</param>
/// <param name="RetryInterval">How often the spool replayer retries an unreachable store.</param>
/// <param name="SqliteFullSync">SQLite <c>synchronous=FULL</c> (survives power loss) instead of <c>NORMAL</c> (survives a process kill).</param>
/// <param name="ChoreInterval">How often the chore holder expires listings (and runs the export hook).</param>
public sealed record ReputationOptions(
    string DataDirectory,
    ReputationStoreKind Store,
    string? PostgresConnectionString,
    int Shards,
    double ListThreshold,
    TimeSpan HalfLife,
    TimeSpan ListingTtl,
    IReadOnlyList<IPNetwork> Allow,
    TimeSpan Retention,
    int BatchSize,
    TimeSpan BatchInterval,
    TimeSpan IdleAfter,
    TimeSpan StoreTimeout,
    long SpoolMaxBytes,
    TimeSpan RetryInterval,
    bool SqliteFullSync,
    TimeSpan ChoreInterval)
{
    /// <summary>The connection string with its password replaced, for logs and <c>config check</c>.</summary>
    public string RedactedConnectionString => Reputation.Store.ConnectionStrings.Redact(PostgresConnectionString);

    /// <summary>Most that soft sins add together, below <see cref="ListThreshold"/> (<c>actortrap.reputation.soft-cap</c>).</summary>
    public double SoftCap { get; init; } = 2;

    /// <summary>A soft sin kind counts once per client per window (<c>actortrap.reputation.evidence-window</c>).</summary>
    public TimeSpan EvidenceWindow { get; init; } = TimeSpan.FromDays(5);

    /// <summary>Store writers per node (<c>actortrap.reputation.writers</c>): merges that may run at once.</summary>
    public int Writers { get; init; } = 4;

    /// <summary>Longest a verdict waits in the outbox to be batched with others for its shard.</summary>
    public TimeSpan SendInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A verdict its entity's node has not accepted after this is sent again.</summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Beyond this many verdicts waiting for acceptance, new ones are written by the node itself.</summary>
    public int MaxUnacknowledged { get; init; } = 200_000;

    public override string ToString() => $"ReputationOptions {{ Store = {Store}, DataDirectory = {DataDirectory}, Postgres = {RedactedConnectionString}, Shards = {Shards} }}";
}

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.reputation.store</c> after <c>auto</c> is resolved.</summary>
public enum ReputationStoreKind
{
    /// <summary>Embedded SQLite file under the data directory: one node, nothing else to run.</summary>
    Sqlite,

    /// <summary>Shared PostgreSQL: the nodes form a cluster.</summary>
    Postgres,
}

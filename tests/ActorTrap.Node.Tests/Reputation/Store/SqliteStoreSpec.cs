using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Reputation.Store.Sqlite;
using ActorTrap.Node.Tests.Reputation.Support;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>The store contract against a real SQLite file in a private temp directory.</summary>
public sealed class SqliteStoreSpec : StoreContract, IDisposable
{
    private readonly TempDirectory dir = new();

    internal override Task<IReputationStore> CreateStoreAsync(ScoringOptions rules) =>
        Task.FromResult<IReputationStore>(new SqliteReputationStore(Path.Combine(dir.Path, "reputation.db"), rules, fullSync: true));

    public void Dispose() => dir.Dispose();
}

using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Reputation.Store.Postgres;
using ActorTrap.Node.Tests.Reputation.Support;
using Npgsql;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>The store contract against the throwaway PostgreSQL; each test starts from empty tables.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreSpec(PostgresServer server) : StoreContract
{
    internal override async Task<IReputationStore> CreateStoreAsync(ScoringOptions rules)
    {
        var connectionString = await server.DatabaseAsync("store_contract");
        var store = new PostgresReputationStore(connectionString, "contract", rules);
        await store.InitializeAsync(CancellationToken.None);
        await using var command = store.DataSource.CreateCommand("TRUNCATE reputation, manual_listing, manual_action, applied_verdict");
        await command.ExecuteNonQueryAsync();
        return store;
    }
}

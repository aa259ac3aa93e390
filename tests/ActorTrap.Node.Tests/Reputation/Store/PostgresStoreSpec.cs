using System.Net;
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

    [Fact]
    public async Task Database_of_schema_6_keeps_its_manual_listings_permanent_when_it_migrates_to_expiries_issue_16()
    {
        var connectionString = await server.DatabaseAsync("migrate_" + Guid.NewGuid().ToString("N")[..8]);
        await using var store = new PostgresReputationStore(connectionString, "migrate", Rules);
        await store.InitializeAsync(CancellationToken.None);
        // Back to the database a node before issue 16 left: no expiry column, version 6, one manual listing.
        await using (var command = store.DataSource.CreateCommand("""
            DROP INDEX manual_listing_expires;
            ALTER TABLE manual_listing DROP COLUMN expires;
            ALTER TABLE reputation DROP COLUMN harvester;
            ALTER TABLE reputation DROP COLUMN reporters;
            DELETE FROM actortrap_schema WHERE version >= 7;
            INSERT INTO manual_listing (network, reason, actor, listed_at) VALUES ('198.51.100.0/24', 'from before', 'alice', now());
            """))
        {
            await command.ExecuteNonQueryAsync();
        }

        await store.InitializeAsync(CancellationToken.None);
        var listing = Assert.Single(await store.LoadListingsAsync(DateTimeOffset.UtcNow.AddYears(5), CancellationToken.None));
        Assert.Equal((IPAddress.Parse("198.51.100.0"), 24, (DateTimeOffset?)null), (listing.Address, listing.PrefixLength, listing.Expires));
        Assert.Empty(await store.ExpireManualListingsAsync(DateTimeOffset.UtcNow.AddYears(5), CancellationToken.None));
    }

    [Fact]
    public async Task Database_of_schema_7_gains_the_reporters_column_and_its_rows_count_as_the_own_sessions_issue_18()
    {
        var connectionString = await server.DatabaseAsync("migrate_" + Guid.NewGuid().ToString("N")[..8]);
        await using var store = new PostgresReputationStore(connectionString, "migrate", Rules);
        await store.InitializeAsync(CancellationToken.None);
        await store.MergeAsync([Evidence.Delta("11.0.0.1", 1, Evidence.T0)], Evidence.T0, CancellationToken.None);
        await using (var command = store.DataSource.CreateCommand("ALTER TABLE reputation DROP COLUMN reporters; ALTER TABLE reputation DROP COLUMN harvester; DELETE FROM actortrap_schema WHERE version >= 8;"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await store.InitializeAsync(CancellationToken.None);
        Assert.Empty((await store.GetAsync(IPAddress.Parse("11.0.0.1"), CancellationToken.None))!.Reporters);
        var t1 = Evidence.T0.AddMinutes(1);
        var remote = Evidence.Delta("11.0.0.1", 5, t1) with { Reporters = [new ReporterMark("det-a", t1, false)] };
        Assert.True(Assert.Single(await store.MergeAsync([remote], t1, CancellationToken.None)).NewlyListed);
    }
}

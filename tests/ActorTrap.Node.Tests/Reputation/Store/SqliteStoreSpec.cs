using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Reputation.Store.Sqlite;
using ActorTrap.Node.Tests.Reputation.Support;
using Microsoft.Data.Sqlite;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>The store contract against a real SQLite file in a private temp directory.</summary>
public sealed class SqliteStoreSpec : StoreContract, IDisposable
{
    private readonly TempDirectory dir = new();

    internal override Task<IReputationStore> CreateStoreAsync(ScoringOptions rules) =>
        Task.FromResult<IReputationStore>(new SqliteReputationStore(Path.Combine(dir.Path, "reputation.db"), rules, fullSync: true));

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task File_of_schema_3_keeps_its_manual_listings_permanent_when_it_migrates_to_expiries_issue_16()
    {
        var path = Path.Combine(dir.Path, "old.db");
        await using (var store = new SqliteReputationStore(path, Rules, fullSync: true))
        {
            await store.InitializeAsync(CancellationToken.None);
        }

        // Back to the file a node before issue 16 wrote: no expiry column, version 3, one manual listing.
        await using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await c.OpenAsync();
            await using var command = c.CreateCommand();
            command.CommandText = """
                DROP INDEX manual_listing_expires;
                ALTER TABLE manual_listing DROP COLUMN expires;
                ALTER TABLE reputation DROP COLUMN harvester;
                ALTER TABLE reputation DROP COLUMN reporters;
                INSERT INTO manual_listing (network, reason, actor, listed_at) VALUES ('198.51.100.0/24', 'from before', 'alice', 1735689600000);
                PRAGMA user_version = 3;
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using (var store = new SqliteReputationStore(path, Rules, fullSync: true))
        {
            await store.InitializeAsync(CancellationToken.None);
            var listing = Assert.Single(await store.LoadListingsAsync(DateTimeOffset.UtcNow.AddYears(5), CancellationToken.None));
            Assert.Equal((IPAddress.Parse("198.51.100.0"), 24, (DateTimeOffset?)null), (listing.Address, listing.PrefixLength, listing.Expires));
            Assert.Empty(await store.ExpireManualListingsAsync(DateTimeOffset.UtcNow.AddYears(5), CancellationToken.None));
        }
    }

    [Fact]
    public async Task File_of_schema_4_gains_the_reporters_column_and_its_rows_count_as_the_own_sessions_issue_18()
    {
        var path = Path.Combine(dir.Path, "before18.db");
        await using (var store = new SqliteReputationStore(path, Rules, fullSync: true))
        {
            await store.InitializeAsync(CancellationToken.None);
            await store.MergeAsync([Evidence.Delta("11.0.0.1", 1, Evidence.T0)], Evidence.T0, CancellationToken.None);
        }

        await using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await c.OpenAsync();
            await using var command = c.CreateCommand();
            command.CommandText = "ALTER TABLE reputation DROP COLUMN reporters; ALTER TABLE reputation DROP COLUMN harvester; PRAGMA user_version = 4;";
            await command.ExecuteNonQueryAsync();
        }

        await using (var store = new SqliteReputationStore(path, Rules, fullSync: true))
        {
            await store.InitializeAsync(CancellationToken.None);
            Assert.Empty((await store.GetAsync(IPAddress.Parse("11.0.0.1"), CancellationToken.None))!.Reporters);
            var t1 = Evidence.T0.AddMinutes(1);
            var remote = Evidence.Delta("11.0.0.1", 5, t1) with { Reporters = [new ReporterMark("det-a", t1, false)] };
            Assert.True(Assert.Single(await store.MergeAsync([remote], t1, CancellationToken.None)).NewlyListed);
        }
    }
}

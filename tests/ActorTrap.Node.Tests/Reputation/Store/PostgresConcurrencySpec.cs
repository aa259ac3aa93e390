using System.Collections.Concurrent;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store.Postgres;
using ActorTrap.Node.Tests.Reputation.Support;
using Npgsql;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>Several writers (separate connection pools, as separate nodes would be) merging the same addresses at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencySpec(PostgresServer server)
{
    [Fact]
    public async Task Concurrent_writers_lose_no_update_and_each_listing_is_reported_exactly_once()
    {
        const int writers = 4, batches = 25, addresses = 200;
        var connectionString = await server.DatabaseAsync("concurrency");
        var rules = new ScoringOptions(3, TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        var stores = Enumerable.Range(0, writers).Select(i => new PostgresReputationStore(connectionString, $"writer-{i}", rules)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync(CancellationToken.None)));
            var newlyListed = new ConcurrentBag<string>();
            await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
            {
                var random = new Random(w);
                for (var b = 0; b < batches; b++)
                {
                    var batch = Enumerable.Range(0, addresses).OrderBy(_ => random.Next())
                        .Select(i => Delta($"10.{w % 1}.{i / 250}.{i % 250}", 1, T0, "no-quit")).ToArray();
                    foreach (var result in await store.MergeAsync(batch, T0, CancellationToken.None))
                    {
                        if (result.NewlyListed)
                        {
                            newlyListed.Add(result.Record.Address.ToString());
                        }
                    }
                }
            })));

            await using var command = stores[0].DataSource.CreateCommand("SELECT count(*), min(verdicts), max(verdicts), min(score), max(score) FROM reputation");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((long)addresses, reader.GetInt64(0));
            Assert.Equal((writers * batches, writers * batches), (reader.GetInt64(1), reader.GetInt64(2)));
            Assert.Equal((writers * batches, writers * batches), (reader.GetDouble(3), reader.GetDouble(4)));
            Assert.Equal(addresses, newlyListed.Count);
            Assert.Equal(addresses, newlyListed.Distinct().Count());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Concurrent_resends_of_the_same_verdicts_from_several_writers_count_once()
    {
        const int writers = 4, rounds = 10, addresses = 200;
        var connectionString = await server.DatabaseAsync("resends");
        var rules = new ScoringOptions(3, TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        var stores = Enumerable.Range(0, writers).Select(i => new PostgresReputationStore(connectionString, $"writer-{i}", rules)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync(CancellationToken.None)));
            // Round r carries one verdict per address with id r * addresses + i + 1; every writer sends every round,
            // in its own order, as senders resending unacknowledged verdicts would.
            await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
            {
                var random = new Random(w);
                foreach (var round in Enumerable.Range(0, rounds).OrderBy(_ => random.Next()))
                {
                    var batch = Enumerable.Range(0, addresses).OrderBy(_ => random.Next())
                        .Select(i => Delta($"10.2.{i / 250}.{i % 250}", 1, T0, "no-quit") with { Ids = [(round * addresses) + i + 1] }).ToArray();
                    await store.MergeAsync(batch, T0, CancellationToken.None);
                }
            })));

            await using var command = stores[0].DataSource.CreateCommand("SELECT count(*), min(verdicts), max(verdicts), (SELECT count(*) FROM applied_verdict) FROM reputation");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((addresses, rounds, rounds, rounds * addresses), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            Assert.Equal((writers - 1) * rounds * addresses, stores.Sum(s => s.DuplicatesSkipped));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Reputation_table_is_hash_partitioned_by_the_shard_key()
    {
        var connectionString = await server.DatabaseAsync("partitions");
        await using var store = new PostgresReputationStore(connectionString, "p", new ScoringOptions(3, TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
        await store.InitializeAsync(CancellationToken.None);
        await store.MergeAsync(Enumerable.Range(0, 500).Select(i => Delta($"10.1.{i / 250}.{i % 250}", 1, T0)).ToArray(), T0, CancellationToken.None);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT pg_get_partkeydef('reputation'::regclass),
                   (SELECT count(*) FROM pg_inherits WHERE inhparent = 'reputation'::regclass),
                   (SELECT count(DISTINCT tableoid) FROM reputation),
                   (SELECT max(version) FROM actortrap_schema)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("HASH (shard_key)", reader.GetString(0));
        Assert.Equal(PostgresSchema.Partitions, reader.GetInt64(1));
        Assert.Equal(PostgresSchema.Partitions, reader.GetInt64(2));
        Assert.Equal(PostgresSchema.LatestVersion, reader.GetInt32(3));
    }
}

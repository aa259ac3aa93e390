using System.Net;
using ActorTrap.Node.Tests.Reputation.Support;
using Npgsql;

namespace ActorTrap.Node.Tests.Reputation.Shards;

/// <summary>PostgreSQL stopped (pg_ctl, immediate mode) in the middle of a run and started again: every verdict lands.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutageSpec(PostgresServer server)
{
    [Fact]
    public async Task Verdicts_written_while_postgresql_is_down_are_spooled_and_all_land_when_it_returns()
    {
        await using var cluster = await TestCluster.StartAsync(await server.DatabaseAsync("outage"), 1,
            "actortrap.reputation.batch-size=40", "actortrap.reputation.shards=4", "actortrap.actors.shutdown-timeout=5s");
        var node = cluster.Nodes[0];
        var submitted = 0;
        void Submit(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                node.VerdictSink.Submit(Evidence.Verdict(IPAddress.Parse($"10.7.{i % 150 / 250}.{i % 150}"), cluster.Clock.GetUtcNow(), "node-0",
                    new ActorTrap.Node.Session.Sin(ActorTrap.Node.Session.SinKind.NoQuit, 0.25)));
                submitted++;
            }
        }

        Submit(0, 200);
        await node.Reputation.FlushAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, node.Reputation.Counters.StoreErrors);

        await server.StopAsync();
        try
        {
            for (var round = 0; round < 5; round++)
            {
                Submit(200 + (round * 60), 60);
                cluster.Clock.Advance(TimeSpan.FromMilliseconds(100));
                await node.Reputation.FlushAsync(TimeSpan.FromSeconds(10));
            }

            Assert.True(node.Reputation.Counters.StoreErrors > 0);
            Assert.True(node.Reputation.SpoolDepth.Batches > 0);
            // The spool keeps order: nothing new reaches the store while older batches wait.
            cluster.Clock.Advance(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await server.StartAsync();
        }

        await cluster.AdvanceUntilAsync(() => Task.FromResult(node.Reputation.SpoolDepth.Batches == 0),
            TimeSpan.FromSeconds(1), "the spool to drain");
        await node.Reputation.FlushAsync(TimeSpan.FromSeconds(10));

        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT sum(verdicts), count(*) FROM reputation", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var c = node.Reputation.Counters;
        Assert.True(submitted == reader.GetInt64(0), $"submitted {submitted}, stored {reader.GetInt64(0)}; in {c.VerdictsIn} merged {c.VerdictsMerged} rows {c.RowsMerged} spooled {c.DeltasSpooled} replayed {c.DeltasReplayed} errors {c.StoreErrors} refused {c.VerdictsRefused} dropped {c.VerdictsDropped}");
        Assert.Equal(150L, reader.GetInt64(1));
        Assert.Equal(0, node.Reputation.Counters.VerdictsDropped);
        Assert.True(node.Reputation.Counters.DeltasReplayed > 0);
        // Verdicts are resent until accepted (virtual time passes resend-after during the outage): the store takes each once.
        Assert.Equal(submitted, node.Reputation.Counters.VerdictsMerged - node.Reputation.Store.DuplicatesSkipped);
    }

    [Fact]
    public async Task When_even_the_spool_is_full_it_refuses_stays_bounded_and_every_verdict_still_lands_once_by_resending()
    {
        await using var cluster = await TestCluster.StartAsync(await server.DatabaseAsync("outage_full"), 1,
            "actortrap.reputation.batch-size=100", "actortrap.reputation.shards=1", "actortrap.reputation.spool.max-size=64KiB",
            "actortrap.actors.shutdown-timeout=5s");
        var node = cluster.Nodes[0];
        await server.StopAsync();
        try
        {
            for (var i = 0; i < 4000; i++)
            {
                node.VerdictSink.Submit(Evidence.Verdict(IPAddress.Parse($"10.8.{i / 250}.{i % 250}"), cluster.Clock.GetUtcNow(), "node-0",
                    new ActorTrap.Node.Session.Sin(ActorTrap.Node.Session.SinKind.NoQuit, 0.25)));
            }

            await cluster.AdvanceUntilAsync(() => Task.FromResult(node.Reputation.Counters.VerdictsRefused > 0),
                TimeSpan.FromMilliseconds(100), "the full spool to refuse");
            Assert.True(node.Reputation.SpoolDepth.Bytes <= 64 * 1024);
            Assert.True(node.Reputation.Counters.DeltasSpooled < 4000, $"spooled {node.Reputation.Counters.DeltasSpooled}");
        }
        finally
        {
            await server.StartAsync();
        }

        // The refused verdicts stayed with the outbox, which resends them (virtual time passes resend-after): all land, once.
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        async Task<long> Stored()
        {
            await using var command = new NpgsqlCommand("SELECT coalesce(sum(verdicts), 0) FROM reputation", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await cluster.AdvanceUntilAsync(async () => node.Reputation.SpoolDepth.Batches == 0 && await Stored() == 4000,
            TimeSpan.FromSeconds(1), "every verdict in the store", TimeSpan.FromSeconds(60));
        var c = node.Reputation.Counters;
        Assert.Equal(0, c.VerdictsDropped);
        Assert.True(c.VerdictsResent > 0, $"resent {c.VerdictsResent}");
        Assert.Equal(4000, await Stored());
    }
}

using System.Net;
using Npgsql;
using NpgsqlTypes;

namespace ActorTrap.Node.Reputation.Store.Postgres;

/// <summary>Listings, expiry, purge and the manual list/delist of the PostgreSQL store.</summary>
internal sealed partial class PostgresReputationStore
{
    public Task<IReadOnlyList<Listing>> LoadListingsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WithRetries(async ct =>
        {
            await using var connection = await DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return await LoadListingsAsync(connection, now, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>On a given connection (the zone export reads with its own).</summary>
    internal static async Task<IReadOnlyList<Listing>> LoadListingsAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var listings = new List<Listing>();
        await using (var command = new NpgsqlCommand("""
            SELECT address, score, first_seen, last_seen, reasons, trap, listed_at, expires, harvester, reporters
            FROM reputation WHERE listed_at IS NOT NULL AND expires > @now
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var address = Networks.NormaliseAddress(reader.GetFieldValue<IPAddress>(0));
                listings.Add(new Listing(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128,
                    reader.GetBoolean(8) ? ListingClass.Harvester : reader.GetBoolean(5) ? ListingClass.Trap : ListingClass.Behaviour,
                    reader.GetDouble(1), reader.GetFieldValue<string[]>(4),
                    Utc(reader.GetDateTime(2)), Utc(reader.GetDateTime(3)), Utc(reader.GetDateTime(6)), Utc(reader.GetDateTime(7)))
                {
                    Reporters = Scoring.ReporterMark.RemoteIds(Scoring.ReporterMark.Parse(reader.GetString(9))),
                });
            }
        }

        await using (var command = new NpgsqlCommand(
            "SELECT network::text, reason, listed_at, expires FROM manual_listing WHERE expires IS NULL OR expires > @now", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                listings.Add(Sqlite.SqliteReputationStore.ManualListing(IPNetwork.Parse(reader.GetString(0)), reader.GetString(1), Utc(reader.GetDateTime(2)),
                    reader.IsDBNull(3) ? null : Utc(reader.GetDateTime(3))));
            }
        }

        return listings;
    }

    public Task<IReadOnlyList<IPAddress>> ExpireListingsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WithRetries<IReadOnlyList<IPAddress>>(async ct =>
        {
            await using var command = DataSource.CreateCommand(
                "UPDATE reputation SET listed_at = NULL, expires = NULL, listed_by = NULL WHERE listed_at IS NOT NULL AND expires <= @now RETURNING address");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
            return await ReadAddressesAsync(command, ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => WithRetries(async ct =>
    {
        await using var batch = DataSource.CreateBatch();
        foreach (var sql in new[] { "DELETE FROM reputation WHERE listed_at IS NULL AND last_seen < @cutoff", "DELETE FROM applied_verdict WHERE applied_at < @cutoff" })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<DateTime>("cutoff", NpgsqlDbType.TimestampTz) { TypedValue = cutoff.UtcDateTime });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return batch.BatchCommands[0].RecordsAffected;
    }, cancellationToken);

    public Task<IReadOnlyList<Listing>> ManualListAsync(IReadOnlyList<IPNetwork> networks, string reason, string actor, DateTimeOffset? expires,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        WithRetries<IReadOnlyList<Listing>>(async ct =>
        {
            var normal = networks.Select(Networks.Normalise).ToList();
            // ON CONFLICT cannot touch one row twice in a statement: a network given twice is inserted once (the audit keeps both).
            var texts = normal.Select(n => n.ToString()).ToArray();
            await using var batch = DataSource.CreateBatch();
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO manual_listing (network, reason, actor, listed_at, expires)
                SELECT DISTINCT n::cidr, @r, @a, @at, @e FROM unnest(@ns::text[]) AS n
                ON CONFLICT (network) DO UPDATE SET reason = excluded.reason, actor = excluded.actor, listed_at = excluded.listed_at, expires = excluded.expires
                """);
            var audit = new NpgsqlBatchCommand("""
                INSERT INTO manual_action (at, action, network, reason, actor)
                SELECT @at, 'list', n::cidr, @r, @a FROM unnest(@ns::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i
                """);
            foreach (var command in new[] { insert, audit })
            {
                command.Parameters.AddWithValue("ns", texts);
                command.Parameters.AddWithValue("r", reason);
                command.Parameters.AddWithValue("a", actor);
                command.Parameters.Add(new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
                batch.BatchCommands.Add(command);
            }

            insert.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.TimestampTz) { Value = expires is { } e ? e.UtcDateTime : DBNull.Value });
            // A batch runs in one implicit transaction: both inserts or neither.
            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return [.. normal.Select(network => Sqlite.SqliteReputationStore.ManualListing(network, reason, now, expires))];
        }, cancellationToken);

    public Task<IReadOnlyList<IPNetwork>> ExpireManualListingsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WithRetries<IReadOnlyList<IPNetwork>>(async ct =>
        {
            // One statement: the listings that end and their audit rows commit together.
            await using var command = DataSource.CreateCommand("""
                WITH gone AS (DELETE FROM manual_listing WHERE expires <= @now RETURNING network, reason)
                INSERT INTO manual_action (at, action, network, reason, actor)
                SELECT @now, 'expire', network, reason, @a FROM gone RETURNING network::text
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
            command.Parameters.AddWithValue("a", IReputationStore.ExpiryActor);
            var ended = new List<IPNetwork>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                ended.Add(IPNetwork.Parse(reader.GetString(0)));
            }

            return ended;
        }, cancellationToken);

    public Task<ManualDelistResult> ManualDelistAsync(IPNetwork network, string reason, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        WithRetries(async ct =>
        {
            var normal = Networks.Normalise(network);
            await using var connection = await DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            bool removed;
            await using (var command = new NpgsqlCommand("DELETE FROM manual_listing WHERE network = @n::cidr", connection, transaction))
            {
                command.Parameters.AddWithValue("n", normal.ToString());
                removed = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
            }

            IReadOnlyList<IPAddress> delisted;
            await using (var command = new NpgsqlCommand("""
                UPDATE reputation SET listed_at = NULL, expires = NULL, listed_by = NULL, score = 0, soft_kinds = 0, soft_since = NULL, score_at = greatest(score_at, @now)
                WHERE listed_at IS NOT NULL AND address <<= @n::cidr RETURNING address
                """, connection, transaction))
            {
                command.Parameters.AddWithValue("n", normal.ToString());
                command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
                delisted = await ReadAddressesAsync(command, ct).ConfigureAwait(false);
            }

            await using (var command = new NpgsqlCommand(AuditSql, connection, transaction))
            {
                AddAuditParameters(command.Parameters, "delist", normal, reason, actor, now);
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return new ManualDelistResult(removed, delisted);
        }, cancellationToken);

    public Task<IReadOnlyList<ManualAction>> ManualActionsAsync(int max, CancellationToken cancellationToken) =>
        WithRetries<IReadOnlyList<ManualAction>>(async ct =>
        {
            await using var command = DataSource.CreateCommand("SELECT at, action, network::text, reason, actor FROM manual_action ORDER BY id DESC LIMIT @max");
            command.Parameters.AddWithValue("max", max);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var actions = new List<ManualAction>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                actions.Add(new ManualAction(Utc(reader.GetDateTime(0)), reader.GetString(1), IPNetwork.Parse(reader.GetString(2)), reader.GetString(3), reader.GetString(4)));
            }

            return actions;
        }, cancellationToken);

    private const string AuditSql = "INSERT INTO manual_action (at, action, network, reason, actor) VALUES (@at, @ac, @n::cidr, @r, @a)";

    private static void AddAuditParameters(NpgsqlParameterCollection p, string action, IPNetwork network, string reason, string actor, DateTimeOffset now)
    {
        p.Add(new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
        p.AddWithValue("ac", action);
        p.AddWithValue("n", network.ToString());
        p.AddWithValue("r", reason);
        p.AddWithValue("a", actor);
    }

    private static async Task<IReadOnlyList<IPAddress>> ReadAddressesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var addresses = new List<IPAddress>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            addresses.Add(Networks.NormaliseAddress(reader.GetFieldValue<IPAddress>(0)));
        }

        return addresses;
    }
}

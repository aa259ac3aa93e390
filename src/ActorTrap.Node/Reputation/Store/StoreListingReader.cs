using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation.Store.Postgres;
using ActorTrap.Node.Reputation.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorTrap.Node.Reputation.Store;

/// <summary>
/// Reads the listings in force from the store a configuration names, read-only and without migrating anything, so
/// <c>actortrap zone export</c> can run from cron beside a running node (or after it stopped): the SQLite file under
/// <c>data-dir</c> opened in read-only mode, or PostgreSQL in a read-only transaction.
/// </summary>
public static class StoreListingReader
{
    /// <summary>Every listing in force at <paramref name="now"/>, or the reason it could not be read (one line, no secrets).</summary>
    public static async Task<(IReadOnlyList<Listing>? Listings, string? Error)> ReadAsync(ReputationOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Store == ReputationStoreKind.Postgres
            ? await ReadPostgresAsync(options, now, cancellationToken).ConfigureAwait(false)
            : ReadSqlite(Path.Combine(options.DataDirectory, "reputation.db"), now);
    }

    private static (IReadOnlyList<Listing>?, string?) ReadSqlite(string path, DateTimeOffset now)
    {
        if (!File.Exists(path))
        {
            return (null, $"no SQLite store at {path}: set actortrap.data-dir (--set or ACTORTRAP_DATA_DIR) to the node's data directory");
        }

        try
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            c.Open();
            using (var busy = c.CreateCommand())
            {
                // The node may be mid-commit; WAL readers do not block it, but a checkpoint can make us wait briefly.
                busy.CommandText = "PRAGMA busy_timeout = 5000";
                busy.ExecuteNonQuery();
            }

            return SchemaVersion(c) == 0
                ? (null, $"{path} holds no ActorTrap reputation tables (a node creates them when it starts)")
                : (SqliteReputationStore.LoadListings(c, now), null);
        }
        catch (SqliteException e)
        {
            return (null, $"the SQLite store {path} could not be read: {e.Message}");
        }
    }

    private static async Task<(IReadOnlyList<Listing>?, string?)> ReadPostgresAsync(ReputationOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var where = options.RedactedConnectionString;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString)
            {
                ApplicationName = "actortrap zone export",
                // Every statement of this session is read-only, whatever a bug here might try.
                Options = "-c default_transaction_read_only=on",
                Pooling = false,
            };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var check = new NpgsqlCommand("SELECT to_regclass('reputation') IS NOT NULL AND to_regclass('manual_listing') IS NOT NULL", connection))
            {
                if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    return (null, $"the PostgreSQL database ({where}) holds no ActorTrap reputation tables (a node creates them when it starts)");
                }
            }

            return (await PostgresReputationStore.LoadListingsAsync(connection, now, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
        {
            // Npgsql's messages name host and port, never the password; the connection string is shown redacted.
            return (null, $"the PostgreSQL store ({where}) could not be read: {e.Message}");
        }
    }

    private static long SchemaVersion(SqliteConnection c)
    {
        using var command = c.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }
}

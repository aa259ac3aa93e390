using ActorTrap.Node.Reputation.Store.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>
/// The node registry and the chores lock in PostgreSQL. Heartbeats carry the node's own clock (the injected
/// TimeProvider), so keep nodes' clocks in sync (NTP) as for any cluster. The chores lock is a session advisory
/// lock on a dedicated unpooled connection: PostgreSQL releases it the moment that connection or its node dies,
/// and the holder is read back from <c>pg_locks</c>, so what <c>ctl cluster</c> shows is the database's truth.
/// </summary>
internal sealed class PostgresClusterDirectory : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string lockConnectionString;
    private readonly string node;
    private readonly Guid incarnation = Guid.NewGuid();
    private NpgsqlConnection? lockConnection;

    public PostgresClusterDirectory(NpgsqlDataSource dataSource, string connectionString, string node)
    {
        this.dataSource = dataSource;
        this.node = node;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = ChoresApplicationName(node) };
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 5;
        }

        lockConnectionString = builder.ConnectionString;
    }

    public bool HoldsChores => lockConnection is not null;

    /// <summary>Pid of the chores connection's backend (tests terminate it to simulate a dead holder).</summary>
    public int? ChoresBackendPid => lockConnection?.ProcessID;

    public static string ChoresApplicationName(string node) => $"actortrap-chores:{node}";

    /// <summary>Writes this node's row (replacing a previous incarnation's) with a heartbeat of <paramref name="now"/>.</summary>
    public async Task HeartbeatAsync(string address, IReadOnlyList<string> roles, DateTimeOffset startedAt, DateTimeOffset now, int held, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO cluster_node (name, address, roles, started_at, heartbeat_at, incarnation, held) VALUES (@n, @a, @r, @s, @h, @i, @held)
            ON CONFLICT (name) DO UPDATE SET address = excluded.address, roles = excluded.roles, started_at = excluded.started_at,
                heartbeat_at = excluded.heartbeat_at, incarnation = excluded.incarnation, held = excluded.held
            """);
        command.Parameters.AddWithValue("n", node);
        command.Parameters.AddWithValue("a", address);
        command.Parameters.AddWithValue("r", roles.ToArray());
        command.Parameters.Add(new NpgsqlParameter<DateTime>("s", NpgsqlDbType.TimestampTz) { TypedValue = startedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("h", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
        command.Parameters.AddWithValue("i", incarnation);
        command.Parameters.AddWithValue("held", held);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every registered node with its status at <paramref name="now"/>, and the chores holder's name.</summary>
    public async Task<(IReadOnlyList<ClusterMember> Members, string? ChoreHolder)> ReadAsync(DateTimeOffset now, TimeSpan unreachableAfter, CancellationToken cancellationToken)
    {
        var members = new List<ClusterMember>();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT name, address, roles, started_at, heartbeat_at, held FROM cluster_node ORDER BY name"));
        var holder = new NpgsqlBatchCommand("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @hi AND l.objid = @lo AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """);
        holder.Parameters.Add(new NpgsqlParameter<uint>("hi", (uint)(PostgresSchema.ChoreLock >> 32)) { NpgsqlDbType = NpgsqlDbType.Oid });
        holder.Parameters.Add(new NpgsqlParameter<uint>("lo", (uint)(PostgresSchema.ChoreLock & 0xFFFFFFFF)) { NpgsqlDbType = NpgsqlDbType.Oid });
        batch.BatchCommands.Add(holder);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var heartbeat = PostgresReputationStore.Utc(reader.GetDateTime(4));
            members.Add(new ClusterMember(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2),
                PostgresReputationStore.Utc(reader.GetDateTime(3)), heartbeat,
                now - heartbeat > unreachableAfter ? MemberStatus.Unreachable : MemberStatus.Up, reader.GetInt32(5)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        string? choreHolder = null;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0))
        {
            var name = reader.GetString(0);
            var prefix = ChoresApplicationName(string.Empty);
            choreHolder = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
        }

        return (members, choreHolder);
    }

    /// <summary>Deletes nodes silent since before <paramref name="cutoff"/> (run by the chores holder); returns their names.</summary>
    public async Task<IReadOnlyList<string>> RemoveStaleAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM cluster_node WHERE heartbeat_at < @c AND name <> @n RETURNING name");
        command.Parameters.Add(new NpgsqlParameter<DateTime>("c", NpgsqlDbType.TimestampTz) { TypedValue = cutoff.UtcDateTime });
        command.Parameters.AddWithValue("n", node);
        var removed = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            removed.Add(reader.GetString(0));
        }

        return removed;
    }

    /// <summary>
    /// True while this node holds the chores lock: takes it if free, or checks that the connection holding it is
    /// still alive (a dead connection means PostgreSQL has already given the lock away).
    /// </summary>
    /// <param name="mayAcquire">False to only confirm a lock already held (a node cooling down after losing it).</param>
    public async Task<bool> EnsureChoresAsync(bool mayAcquire, CancellationToken cancellationToken)
    {
        try
        {
            if (lockConnection is { } held)
            {
                await using var check = new NpgsqlCommand("SELECT 1", held);
                await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (!mayAcquire)
            {
                return false;
            }

            var connection = new NpgsqlConnection(lockConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgresSchema.ChoreLock})", connection);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                lockConnection = connection;
                return true;
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            return false;
        }
        catch
        {
            await ReleaseChoresAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the chores connection, which releases the lock.</summary>
    public async Task ReleaseChoresAsync()
    {
        var connection = Interlocked.Exchange(ref lockConnection, null);
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Leaves the registry (a clean stop) and releases the chores.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await ReleaseChoresAsync().ConfigureAwait(false);
        await using var command = dataSource.CreateCommand("DELETE FROM cluster_node WHERE name = @n AND incarnation = @i");
        command.Parameters.AddWithValue("n", node);
        command.Parameters.AddWithValue("i", incarnation);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await ReleaseChoresAsync().ConfigureAwait(false);
}

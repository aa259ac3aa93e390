using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using Npgsql;
using NpgsqlTypes;

namespace ActorTrap.Node.Reputation.Store.Postgres;

/// <summary>
/// The cluster store. A merge is one transaction over the whole batch: rows for new addresses are inserted first
/// (empty, <c>ON CONFLICT DO NOTHING</c>), then every row of the batch is read <c>FOR UPDATE</c>, the listing rule
/// (<see cref="Scorer.Merge"/>, the same code the SQLite store runs) computes the new rows, and one <c>UPDATE</c>
/// writes them. Rows are taken in partition-key order, so concurrent batches lock them in the same order; the row
/// locks (and, for a new address, the unique index) make concurrent merges of the same address from any node
/// serialise, so none is lost, and the merge that lists an address is the only one that sees it unlisted. Triggers
/// announce listing changes with NOTIFY in the same transaction; an empty row is never visible outside it.
/// </summary>
internal sealed partial class PostgresReputationStore : IReputationStore
{
    private const int MaxAttempts = 4;
    private readonly ScoringOptions scoring;

    public PostgresReputationStore(string connectionString, string nodeName, ScoringOptions scoring)
    {
        this.scoring = scoring;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = $"actortrap:{nodeName}";
        }

        ConnectionString = builder.ConnectionString;
        DataSource = NpgsqlDataSource.Create(builder);
    }

    public string Kind => "postgres";

    /// <summary>Pooled connections for short statements.</summary>
    internal NpgsqlDataSource DataSource { get; }

    /// <summary>With the application name set; the listener and the chore lock open their own unpooled connections from it.</summary>
    internal string ConnectionString { get; }

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        WithRetries(ct => PostgresSchema.MigrateAsync(DataSource, ct), cancellationToken);

    public Task<IReadOnlyList<MergeResult>> MergeAsync(IReadOnlyList<EvidenceDelta> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // ON CONFLICT cannot touch one row twice in a statement: fold duplicates first, then sort by the lock order.
        var rows = batch
            .GroupBy(d => d.Key)
            .Select(g => g.Aggregate((a, b) => Scorer.Combine(a, b, scoring.HalfLife, scoring.MaxReasons)))
            .Select(d => (Key: ShardKey.PartitionKey(d.Key), Delta: d))
            .OrderBy(x => x.Key).ThenBy(x => x.Delta.Key.High).ThenBy(x => x.Delta.Key.Low)
            .ToList();
        // Whole milliseconds, as every stored time (the NOTIFY payload carries milliseconds too).
        now = Scorer.TruncateToMilliseconds(now);
        return WithRetries<IReadOnlyList<MergeResult>>(ct => MergeOnceAsync(rows, now, ct), cancellationToken);
    }

    public Task<ReputationRecord?> GetAsync(IPAddress address, CancellationToken cancellationToken) => WithRetries(async ct =>
    {
        var normal = Networks.NormaliseAddress(address);
        await using var command = DataSource.CreateCommand($"SELECT {RecordColumns} FROM reputation r WHERE shard_key = @k AND address = @a");
        command.Parameters.AddWithValue("k", ShardKey.PartitionKey(IpKey.From(normal)));
        command.Parameters.AddWithValue("a", normal);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRecord(reader) : null;
    }, cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private const string RecordColumns = "r.address, r.score, r.score_at, r.first_seen, r.last_seen, r.verdicts, r.reasons, r.trap, r.allowed, r.listed_at, r.expires, r.soft_kinds, r.soft_since, r.virtue";

    // Empty rows for addresses never seen; RETURNING names the ones this transaction created (null old records).
    private const string InsertNewSql = """
        INSERT INTO reputation (shard_key, address, score, score_at, first_seen, last_seen, verdicts, reasons, trap, allowed)
        SELECT u.k, u.a, 0, u.l, u.l, u.l, 0, '{}', false, false
        FROM unnest(@k, @a, @l) WITH ORDINALITY AS u(k, a, l, o)
        ORDER BY u.o
        ON CONFLICT (shard_key, address) DO NOTHING
        RETURNING address
        """;

    private const string LockSql = $"""
        SELECT {RecordColumns} FROM reputation r JOIN unnest(@k, @a) AS u(k, a) ON r.shard_key = u.k AND r.address = u.a
        ORDER BY r.shard_key, r.address
        FOR UPDATE OF r
        """;

    private const string UpdateSql = """
        UPDATE reputation r SET score = u.s, score_at = u.sa, first_seen = u.f, last_seen = u.l, verdicts = u.n,
               reasons = string_to_array(u.rs, ' '), trap = u.t, allowed = u.al, listed_at = u.la, expires = u.e,
               listed_by = NULL, soft_kinds = u.sk, soft_since = u.ss, virtue = u.v
        FROM unnest(@k, @a, @s, @sa, @f, @l, @n, @rs, @t, @al, @la, @e, @sk, @ss, @v)
             AS u(k, a, s, sa, f, l, n, rs, t, al, la, e, sk, ss, v)
        WHERE r.shard_key = u.k AND r.address = u.a
        """;

    private async Task<IReadOnlyList<MergeResult>> MergeOnceAsync(List<(long Key, EvidenceDelta Delta)> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var keys = rows.Select(r => r.Key).ToArray();
        var addresses = rows.Select(r => r.Delta.Address).ToArray();

        var created = new HashSet<IPAddress>();
        await using (var insert = new NpgsqlCommand(InsertNewSql, connection, transaction))
        {
            AddKeys(insert, keys, addresses);
            insert.Parameters.Add(Times("l", rows.Select(r => r.Delta.Last)));
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                created.Add(Networks.NormaliseAddress(reader.GetFieldValue<IPAddress>(0)));
            }
        }

        var old = new Dictionary<IPAddress, ReputationRecord>();
        await using (var select = new NpgsqlCommand(LockSql, connection, transaction))
        {
            AddKeys(select, keys, addresses);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = ReadRecord(reader);
                if (!created.Contains(record.Address))
                {
                    old[record.Address] = record;
                }
            }
        }

        var results = rows.Select(r => Scorer.Merge(old.GetValueOrDefault(r.Delta.Address), r.Delta, now, scoring)).ToList();
        var merged = results.Select(r => r.Record).ToList();
        await using (var update = new NpgsqlCommand(UpdateSql, connection, transaction))
        {
            AddKeys(update, keys, addresses);
            var p = update.Parameters;
            p.Add(new NpgsqlParameter<double[]>("s", merged.Select(r => r.Score).ToArray()));
            p.Add(Times("sa", merged.Select(r => r.ScoreAt)));
            p.Add(Times("f", merged.Select(r => r.FirstSeen)));
            p.Add(Times("l", merged.Select(r => r.LastSeen)));
            p.Add(new NpgsqlParameter<long[]>("n", merged.Select(r => r.Verdicts).ToArray()));
            p.Add(new NpgsqlParameter<string[]>("rs", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = merged.Select(r => string.Join(' ', r.Reasons)).ToArray() });
            p.Add(new NpgsqlParameter<bool[]>("t", merged.Select(r => r.Trap).ToArray()));
            p.Add(new NpgsqlParameter<bool[]>("al", merged.Select(r => r.Allowed).ToArray()));
            p.Add(Times("la", merged.Select(r => r.ListedAt)));
            p.Add(Times("e", merged.Select(r => r.Expires)));
            p.Add(new NpgsqlParameter<int[]>("sk", merged.Select(r => r.SoftKinds).ToArray()));
            p.Add(Times("ss", merged.Select(r => r.SoftSince)));
            p.Add(new NpgsqlParameter<double[]>("v", merged.Select(r => r.Virtue).ToArray()));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    private static void AddKeys(NpgsqlCommand command, long[] keys, IPAddress[] addresses)
    {
        command.Parameters.Add(new NpgsqlParameter<long[]>("k", keys));
        command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("a", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = addresses });
    }

    private static NpgsqlParameter Times(string name, IEnumerable<DateTimeOffset> times) =>
        new NpgsqlParameter<DateTime[]>(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = times.Select(t => t.UtcDateTime).ToArray() };

    private static NpgsqlParameter Times(string name, IEnumerable<DateTimeOffset?> times) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times.Select(t => t is { } v ? (object)v.UtcDateTime : DBNull.Value).ToArray() };

    private static ReputationRecord ReadRecord(NpgsqlDataReader reader) =>
        new ReputationRecord(
            Networks.NormaliseAddress(reader.GetFieldValue<IPAddress>(0)),
            reader.GetDouble(1),
            Utc(reader.GetDateTime(2)),
            Utc(reader.GetDateTime(3)),
            Utc(reader.GetDateTime(4)),
            reader.GetInt64(5),
            reader.GetFieldValue<string[]>(6),
            reader.GetBoolean(7),
            reader.GetBoolean(8),
            reader.IsDBNull(9) ? null : Utc(reader.GetDateTime(9)),
            reader.IsDBNull(10) ? null : Utc(reader.GetDateTime(10)))
        {
            SoftKinds = reader.GetInt32(11),
            SoftSince = reader.IsDBNull(12) ? null : Utc(reader.GetDateTime(12)),
            Virtue = reader.GetDouble(13),
        };

    internal static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    /// <summary>
    /// Retries deadlocks and serialisation failures (another node's batch locked the same rows in between) and
    /// turns every transient failure into <see cref="StoreUnavailableException"/>.
    /// </summary>
    private static async Task<T> WithRetries<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (e.IsTransient || e.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                throw new StoreUnavailableException($"PostgreSQL is unreachable: {e.Message}", e);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new StoreUnavailableException("PostgreSQL did not answer in time", e);
            }
        }
    }

    private static Task WithRetries(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WithRetries(async ct =>
        {
            await work(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}

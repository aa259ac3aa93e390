using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using Npgsql;
using NpgsqlTypes;

namespace ActorTrap.Node.Reputation.Store.Postgres;

/// <summary>
/// The cluster store. A merge is one transaction over the whole batch: the batch's verdict ids are recorded first and
/// only the deltas none of whose ids was applied before go on (<see cref="AppliedVerdicts"/>); their rows are read <c>FOR UPDATE</c>,
/// the listing rule (<see cref="Scorer.Merge"/>, the same code the SQLite store runs) computes the new rows, one
/// <c>UPDATE</c> writes those that existed and one <c>INSERT … ON CONFLICT DO NOTHING</c> the new ones; a new row that
/// another writer inserted in between is merged again in a second pass. Rows are taken in partition-key order, so
/// concurrent batches lock them in the same order; the row locks (and, for a new address, the unique index) make
/// concurrent merges of the same address from any node serialise, so none is lost, and the merge that lists an
/// address is the only one that sees it unlisted. Triggers announce listing changes with NOTIFY in the transaction.
/// </summary>
internal sealed partial class PostgresReputationStore : IReputationStore
{
    private const int MaxAttempts = 4;
    // Replaced whole by a reload (SIGHUP); a merge reads either rule, never a mix (the record is immutable).
    private volatile ScoringOptions scoring;
    private long duplicatesSkipped;

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

    public long DuplicatesSkipped => Interlocked.Read(ref duplicatesSkipped);

    /// <summary>Pooled connections for short statements.</summary>
    internal NpgsqlDataSource DataSource { get; }

    /// <summary>With the application name set; the listener and the chore lock open their own unpooled connections from it.</summary>
    internal string ConnectionString { get; }

    public void UseScoring(ScoringOptions rule) => scoring = rule;

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        WithRetries(ct => PostgresSchema.MigrateAsync(DataSource, ct), cancellationToken);

    public Task<IReadOnlyList<MergeResult>> MergeAsync(IReadOnlyList<EvidenceDelta> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = AppliedVerdicts.Ids(batch);
        // Whole milliseconds, as every stored time (the NOTIFY payload carries milliseconds too).
        now = Scorer.TruncateToMilliseconds(now);
        return WithRetries(ct => MergeOnceAsync(batch, ids, now, ct), cancellationToken);
    }

    /// <summary>The deltas folded per address (ON CONFLICT cannot touch one row twice in a statement) and sorted by the lock order.</summary>
    private List<(long Key, EvidenceDelta Delta)> Rows(IReadOnlyList<EvidenceDelta> deltas) =>
        [.. deltas
            .GroupBy(d => d.Key)
            .Select(g => g.Aggregate((a, b) => Scorer.Combine(a, b, scoring.HalfLife, scoring.MaxReasons)))
            .Select(d => (Key: ShardKey.PartitionKey(d.Key), Delta: d))
            .OrderBy(x => x.Key).ThenBy(x => x.Delta.Key.High).ThenBy(x => x.Delta.Key.Low)];

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

    private const string RecordColumns = "r.address, r.score, r.score_at, r.first_seen, r.last_seen, r.verdicts, r.reasons, r.trap, r.allowed, r.listed_at, r.expires, r.soft_kinds, r.soft_since, r.virtue, r.harvester, r.reporters";

    // A lateral lookup per key: the row is found through the primary key of its partition, however large the table
    // (a join of the whole batch let the planner scan every partition).
    private const string LockSql = $"""
        SELECT {RecordColumns}
        FROM unnest(@k, @a) WITH ORDINALITY AS u(k, a, o)
        CROSS JOIN LATERAL (SELECT * FROM reputation x WHERE x.shard_key = u.k AND x.address = u.a FOR UPDATE) r
        ORDER BY u.o
        """;

    private const string Columns = "shard_key, address, score, score_at, first_seen, last_seen, verdicts, reasons, trap, allowed, listed_at, expires, soft_kinds, soft_since, virtue, harvester, reporters";

    private const string RowsSql = $"""
        SELECT u.k, u.a, u.s, u.sa, u.f, u.l, u.n, string_to_array(u.rs, ' '), u.t, u.al, u.la, u.e, u.sk, u.ss, u.v, u.h, u.rp
        FROM unnest(@k, @a, @s, @sa, @f, @l, @n, @rs, @t, @al, @la, @e, @sk, @ss, @v, @h, @rp) WITH ORDINALITY AS u(k, a, s, sa, f, l, n, rs, t, al, la, e, sk, ss, v, h, rp, o)
        ORDER BY u.o
        """;

    // Addresses the lock found no row for. A row another writer inserts meanwhile is a conflict: this statement waits
    // for that writer's commit, skips the row, and RETURNING leaves it out, so the caller merges it again.
    private const string InsertSql = $"""
        INSERT INTO reputation ({Columns})
        {RowsSql}
        ON CONFLICT (shard_key, address) DO NOTHING
        RETURNING address
        """;

    // Rows this transaction holds locked: the conflict is certain, and ON CONFLICT finds each row by its key.
    private const string UpdateSql = $"""
        INSERT INTO reputation AS r ({Columns})
        {RowsSql}
        ON CONFLICT (shard_key, address) DO UPDATE SET score = excluded.score, score_at = excluded.score_at,
            first_seen = excluded.first_seen, last_seen = excluded.last_seen, verdicts = excluded.verdicts, reasons = excluded.reasons,
            trap = excluded.trap, allowed = excluded.allowed, listed_at = excluded.listed_at, expires = excluded.expires, listed_by = NULL,
            soft_kinds = excluded.soft_kinds, soft_since = excluded.soft_since, virtue = excluded.virtue, harvester = excluded.harvester,
            reporters = excluded.reporters
        """;

    // Ids another merge recorded are conflicts: RETURNING leaves them out. One that an open transaction recorded makes
    // this statement wait for its end (then it is left out, or inserted if that merge rolled back), so of two merges
    // of the same verdict exactly one applies it. The ids come sorted: merges sharing ids take them in one order.
    private const string RecordIdsSql = """
        INSERT INTO applied_verdict (id, applied_at)
        SELECT u.id, @at FROM unnest(@ids) AS u(id)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
        """;

    /// <summary>Passes over the rows that another writer inserted first; one is the rule, two is a race, more cannot happen.</summary>
    private const int MaxPasses = 3;

    private async Task<IReadOnlyList<MergeResult>> MergeOnceAsync(IReadOnlyList<EvidenceDelta> batch, long[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var (apply, skipped) = await BeginAsync(connection, transaction, batch, ids, now, cancellationToken).ConfigureAwait(false);
        var rows = Rows(apply);
        var results = new Dictionary<IPAddress, MergeResult>(rows.Count);
        var todo = rows;
        for (var pass = 1; todo.Count > 0; pass++)
        {
            if (pass > MaxPasses)
            {
                throw new InvalidOperationException($"{todo.Count} reputation rows kept being inserted by another writer during one merge");
            }

            var old = await LockAsync(connection, transaction, todo, cancellationToken).ConfigureAwait(false);
            var merged = todo.Select(r => (r.Key, Result: Scorer.Merge(old.GetValueOrDefault(r.Delta.Address), r.Delta, now, scoring))).ToList();
            var existing = merged.Where(m => old.ContainsKey(m.Result.Record.Address)).ToList();
            var fresh = merged.Where(m => !old.ContainsKey(m.Result.Record.Address)).ToList();
            if (existing.Count > 0)
            {
                await using var update = RowsCommand(UpdateSql, connection, transaction, existing);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var inserted = new HashSet<IPAddress>();
            if (fresh.Count > 0)
            {
                await using var insert = RowsCommand(InsertSql, connection, transaction, fresh);
                await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted.Add(Networks.NormaliseAddress(reader.GetFieldValue<IPAddress>(0)));
                }
            }

            foreach (var (_, result) in existing.Concat(fresh.Where(f => inserted.Contains(f.Result.Record.Address))))
            {
                results[result.Record.Address] = result;
            }

            todo = [.. todo.Where(r => !results.ContainsKey(r.Delta.Address))];
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref duplicatesSkipped, skipped);
        return [.. rows.Select(r => results[r.Delta.Address])];
    }

    /// <summary>
    /// Turns JIT off for the transaction and records the batch's verdict ids in one round trip; returns the deltas to
    /// apply (<see cref="AppliedVerdicts.Fresh"/>) and how many were skipped.
    /// </summary>
    private static async Task<(IReadOnlyList<EvidenceDelta> Fresh, int Skipped)> BeginAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<EvidenceDelta> batch, long[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var begin = new NpgsqlBatch(connection, transaction);
        // The planner cannot see how many keys an array parameter holds, costs the batch's statements over
        // PostgreSQL's jit_above_cost and compiles them: 93 ms of JIT for a 5 ms lock of 1,000 rows (measured here).
        begin.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL jit = off"));
        if (ids.Length == 0)
        {
            await begin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return (batch, 0);
        }

        var record = new NpgsqlBatchCommand(RecordIdsSql);
        record.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
        record.Parameters.Add(new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
        begin.BatchCommands.Add(record);
        var recorded = new HashSet<long>(ids.Length);
        await using (var reader = await begin.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                recorded.Add(reader.GetInt64(0));
            }
        }

        var fresh = AppliedVerdicts.Fresh(batch, recorded, out var skipped);
        return (fresh, skipped);
    }

    private static async Task<Dictionary<IPAddress, ReputationRecord>> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<(long Key, EvidenceDelta Delta)> rows, CancellationToken cancellationToken)
    {
        var old = new Dictionary<IPAddress, ReputationRecord>(rows.Count);
        await using var select = new NpgsqlCommand(LockSql, connection, transaction);
        AddKeys(select, [.. rows.Select(r => r.Key)], [.. rows.Select(r => r.Delta.Address)]);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = ReadRecord(reader);
            old[record.Address] = record;
        }

        return old;
    }

    private static NpgsqlCommand RowsCommand(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, List<(long Key, MergeResult Result)> rows)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        var merged = rows.Select(r => r.Result.Record).ToList();
        AddKeys(command, [.. rows.Select(r => r.Key)], [.. merged.Select(r => r.Address)]);
        var p = command.Parameters;
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
        p.Add(new NpgsqlParameter<bool[]>("h", merged.Select(r => r.Harvester).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("rp", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = merged.Select(r => ReporterMark.Format(r.Reporters)).ToArray() });
        return command;
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
            Harvester = reader.GetBoolean(14),
            Reporters = ReporterMark.Parse(reader.GetString(15)),
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

using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using Npgsql;
using NpgsqlTypes;

namespace ActorTrap.Node.Reputation.Store.Postgres;

/// <summary>
/// The cluster store. A merge is one <c>INSERT … ON CONFLICT DO UPDATE</c> over the whole batch (rows in
/// partition-key order, so concurrent batches lock rows in the same order); the row lock makes concurrent merges
/// of the same address from any node serialise, so none is lost. The statement applies the scoring rules itself
/// and its triggers announce listing changes with NOTIFY in the same transaction. A listing that starts records the
/// statement's random token in <c>listed_by</c> (kept while the listing is refreshed), so the statement that lists an
/// address, and only that one, reports it as newly listed, however many writers race on the row.
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
        await using var command = DataSource.CreateCommand($"SELECT {RecordColumns}, false FROM reputation r WHERE shard_key = @k AND address = @a");
        command.Parameters.AddWithValue("k", ShardKey.PartitionKey(IpKey.From(normal)));
        command.Parameters.AddWithValue("a", normal);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRecord(reader).Record : null;
    }, cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private const string RecordColumns = "r.address, r.score, r.score_at, r.first_seen, r.last_seen, r.verdicts, r.reasons, r.trap, r.allowed, r.listed_at, r.expires";

    private const string MergeSql = $"""
        INSERT INTO reputation AS r (shard_key, address, score, score_at, first_seen, last_seen, verdicts, reasons, trap, allowed, listed_at, expires, listed_by)
        SELECT u.k, u.a, u.s, u.l, u.f, u.l, u.n, string_to_array(u.rs, ' '), u.t, u.al,
               CASE WHEN NOT u.al AND (u.t OR u.s >= @thr) AND u.l + make_interval(secs => @ttl) > @now THEN @now END,
               CASE WHEN NOT u.al AND (u.t OR u.s >= @thr) AND u.l + make_interval(secs => @ttl) > @now THEN u.l + make_interval(secs => @ttl) END,
               CASE WHEN NOT u.al AND (u.t OR u.s >= @thr) AND u.l + make_interval(secs => @ttl) > @now THEN @token END
        FROM unnest(@k, @a, @s, @f, @l, @n, @rs, @t, @al) WITH ORDINALITY AS u(k, a, s, f, l, n, rs, t, al, o)
        ORDER BY u.o
        ON CONFLICT (shard_key, address) DO UPDATE SET
          (score, score_at, first_seen, last_seen, verdicts, reasons, trap, allowed, listed_at, expires, listed_by) = (
            SELECT m.s, m.at, least(r.first_seen, excluded.first_seen), m.last, r.verdicts + excluded.verdicts,
                   CASE WHEN excluded.reasons <@ r.reasons THEN r.reasons
                        ELSE ARRAY(SELECT DISTINCT x COLLATE "C" AS y FROM unnest(r.reasons || excluded.reasons) AS x ORDER BY y LIMIT @max) END,
                   m.trap, excluded.allowed,
                   CASE WHEN m.listed THEN CASE WHEN m.was THEN r.listed_at ELSE @now END END,
                   CASE WHEN m.listed THEN m.last + make_interval(secs => @ttl) END,
                   CASE WHEN m.listed THEN CASE WHEN m.was THEN r.listed_by ELSE @token END END
            FROM (SELECT v.*, NOT excluded.allowed AND (v.was OR v.trap OR v.s >= @thr) AND v.last + make_interval(secs => @ttl) > @now AS listed
                  FROM (SELECT r.score * power(0.5, extract(epoch FROM greatest(r.score_at, excluded.score_at) - r.score_at)::float8 / @hl)
                             + excluded.score * power(0.5, extract(epoch FROM greatest(r.score_at, excluded.score_at) - excluded.score_at)::float8 / @hl) AS s,
                               greatest(r.score_at, excluded.score_at) AS at,
                               greatest(r.last_seen, excluded.last_seen) AS last,
                               r.trap OR excluded.trap AS trap,
                               (r.listed_at IS NOT NULL AND r.expires > @now) AS was) v) m)
        RETURNING {RecordColumns}, coalesce(r.listed_by = @token, false)
        """;

    private async Task<IReadOnlyList<MergeResult>> MergeOnceAsync(List<(long Key, EvidenceDelta Delta)> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        await using var command = DataSource.CreateCommand(MergeSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long[]>("k", rows.Select(r => r.Key).ToArray()));
        p.Add(new NpgsqlParameter<IPAddress[]>("a", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = rows.Select(r => r.Delta.Address).ToArray() });
        p.Add(new NpgsqlParameter<double[]>("s", rows.Select(r => r.Delta.Score).ToArray()));
        p.Add(new NpgsqlParameter<DateTime[]>("f", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = rows.Select(r => r.Delta.First.UtcDateTime).ToArray() });
        p.Add(new NpgsqlParameter<DateTime[]>("l", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = rows.Select(r => r.Delta.Last.UtcDateTime).ToArray() });
        p.Add(new NpgsqlParameter<int[]>("n", rows.Select(r => r.Delta.Verdicts).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("rs", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = rows.Select(r => string.Join(' ', r.Delta.Reasons)).ToArray() });
        p.Add(new NpgsqlParameter<bool[]>("t", rows.Select(r => r.Delta.Trap).ToArray()));
        p.Add(new NpgsqlParameter<bool[]>("al", rows.Select(r => r.Delta.Allowed).ToArray()));
        p.Add(new NpgsqlParameter<double>("thr", scoring.ListThreshold));
        p.Add(new NpgsqlParameter<double>("ttl", scoring.ListingTtl.TotalSeconds));
        p.Add(new NpgsqlParameter<double>("hl", scoring.HalfLife.TotalSeconds));
        p.Add(new NpgsqlParameter<int>("max", scoring.MaxReasons));
        p.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.UtcDateTime });
        p.Add(new NpgsqlParameter<long>("token", Random.Shared.NextInt64(1, long.MaxValue)));
        var results = new List<MergeResult>(rows.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(ReadRecord(reader));
        }

        return results;
    }

    private static MergeResult ReadRecord(NpgsqlDataReader reader)
    {
        var record = new ReputationRecord(
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
            reader.IsDBNull(10) ? null : Utc(reader.GetDateTime(10)));
        return new MergeResult(record, reader.GetBoolean(11));
    }

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

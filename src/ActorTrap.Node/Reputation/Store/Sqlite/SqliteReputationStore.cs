using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using Microsoft.Data.Sqlite;

namespace ActorTrap.Node.Reputation.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with one connection, used by one call at a time. A merge is
/// one transaction (record the batch's verdict ids, read the rows of the deltas not applied before, apply
/// <see cref="Scorer.Merge"/>, write them back), acknowledged only after COMMIT, so a killed process loses no
/// acknowledged batch and a batch resent after it counts once.
/// </summary>
internal sealed partial class SqliteReputationStore : IReputationStore
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string path;
    // Replaced whole by a reload (SIGHUP); a merge reads either rule, never a mix (the record is immutable).
    private volatile ScoringOptions scoring;
    private readonly bool fullSync;
    private SqliteConnection? connection;
    private SqliteCommand? select;
    private SqliteCommand? upsert;
    private SqliteCommand? recordId;
    private long duplicatesSkipped;

    public SqliteReputationStore(string path, ScoringOptions scoring, bool fullSync)
    {
        this.path = path;
        this.scoring = scoring;
        this.fullSync = fullSync;
    }

    public string Kind => "sqlite";

    public string Path => path;

    public long DuplicatesSkipped => Interlocked.Read(ref duplicatesSkipped);

    public void UseScoring(ScoringOptions rule) => scoring = rule;

    public Task InitializeAsync(CancellationToken cancellationToken) => RunAsync(() =>
    {
        if (connection is not null)
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        c.Open();
        Execute(c, "PRAGMA journal_mode = WAL");
        Execute(c, fullSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        Execute(c, "PRAGMA busy_timeout = 5000");
        // 64 MiB of page cache (negative = KiB): the hot part of the table stays in memory between batches.
        Execute(c, "PRAGMA cache_size = -65536");
        SqliteSchema.Migrate(c);
        connection = c;
        select = Prepare(c, "SELECT score, score_at, first_seen, last_seen, verdicts, reasons, trap, allowed, listed_at, expires, soft_kinds, soft_since, virtue, harvester, reporters FROM reputation WHERE address = $a", "$a");
        upsert = Prepare(c, """
            INSERT INTO reputation (address, shard_key, score, score_at, first_seen, last_seen, verdicts, reasons, trap, allowed, listed_at, expires,
                soft_kinds, soft_since, virtue, harvester, reporters)
            VALUES ($a, $k, $s, $sa, $f, $l, $n, $r, $t, $al, $la, $e, $sk, $ss, $v, $h, $rp)
            ON CONFLICT (address) DO UPDATE SET score = excluded.score, score_at = excluded.score_at, first_seen = excluded.first_seen,
                last_seen = excluded.last_seen, verdicts = excluded.verdicts, reasons = excluded.reasons, trap = excluded.trap,
                allowed = excluded.allowed, listed_at = excluded.listed_at, expires = excluded.expires,
                soft_kinds = excluded.soft_kinds, soft_since = excluded.soft_since, virtue = excluded.virtue, harvester = excluded.harvester,
                reporters = excluded.reporters
            """, "$a", "$k", "$s", "$sa", "$f", "$l", "$n", "$r", "$t", "$al", "$la", "$e", "$sk", "$ss", "$v", "$h", "$rp");
        recordId = Prepare(c, "INSERT OR IGNORE INTO applied_verdict (id, applied_at) VALUES ($id, $at)", "$id", "$at");
    }, cancellationToken);

    public Task<IReadOnlyList<MergeResult>> MergeAsync(IReadOnlyList<EvidenceDelta> batch, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<MergeResult>>(() =>
        {
            var c = Open();
            now = Scorer.TruncateToMilliseconds(now);
            var results = new List<MergeResult>(batch.Count);
            using var transaction = c.BeginTransaction();
            var (fresh, skipped) = RecordIds(batch, transaction, now);
            select!.Transaction = transaction;
            upsert!.Transaction = transaction;
            foreach (var delta in fresh)
            {
                var key = delta.Key.ToBytes();
                var old = Read(key, delta.Address);
                var merged = Scorer.Merge(old, delta, now, scoring);
                Write(key, delta.Key, merged.Record);
                results.Add(merged);
            }

            transaction.Commit();
            select.Transaction = null;
            upsert.Transaction = null;
            Interlocked.Add(ref duplicatesSkipped, skipped);
            return results;
        }, cancellationToken);

    /// <summary>Records the batch's verdict ids in <paramref name="transaction"/>; returns the deltas to apply (<see cref="AppliedVerdicts"/>).</summary>
    private (IReadOnlyList<EvidenceDelta> Fresh, int Skipped) RecordIds(IReadOnlyList<EvidenceDelta> batch, SqliteTransaction transaction, DateTimeOffset now)
    {
        var ids = AppliedVerdicts.Ids(batch);
        if (ids.Length == 0)
        {
            return (batch, 0);
        }

        var recorded = new HashSet<long>(ids.Length);
        recordId!.Transaction = transaction;
        recordId.Parameters[1].Value = ToMs(now);
        foreach (var id in ids)
        {
            recordId.Parameters[0].Value = id;
            // One row changed: the id is new; none: INSERT OR IGNORE met it, applied by an earlier merge.
            if (recordId.ExecuteNonQuery() == 1)
            {
                recorded.Add(id);
            }
        }

        recordId.Transaction = null;
        var fresh = AppliedVerdicts.Fresh(batch, recorded, out var skipped);
        return (fresh, skipped);
    }

    public Task<ReputationRecord?> GetAsync(IPAddress address, CancellationToken cancellationToken) => RunAsync(() =>
    {
        Open();
        select!.Transaction = null;
        var normal = Networks.NormaliseAddress(address);
        return Read(IpKey.From(normal).ToBytes(), normal);
    }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            select?.Dispose();
            upsert?.Dispose();
            recordId?.Dispose();
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            connection = null;
        }
        finally
        {
            gate.Release();
        }
    }

    private ReputationRecord? Read(byte[] key, IPAddress address)
    {
        select!.Parameters[0].Value = key;
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new ReputationRecord(
            address,
            reader.GetDouble(0),
            FromMs(reader.GetInt64(1)),
            FromMs(reader.GetInt64(2)),
            FromMs(reader.GetInt64(3)),
            reader.GetInt64(4),
            SplitReasons(reader.GetString(5)),
            reader.GetInt64(6) != 0,
            reader.GetInt64(7) != 0,
            reader.IsDBNull(8) ? null : FromMs(reader.GetInt64(8)),
            reader.IsDBNull(9) ? null : FromMs(reader.GetInt64(9)))
        {
            SoftKinds = (int)reader.GetInt64(10),
            SoftSince = reader.IsDBNull(11) ? null : FromMs(reader.GetInt64(11)),
            Virtue = reader.GetDouble(12),
            Harvester = reader.GetInt64(13) != 0,
            Reporters = ReporterMark.Parse(reader.GetString(14)),
        };
    }

    private void Write(byte[] key, IpKey ipKey, ReputationRecord r)
    {
        var p = upsert!.Parameters;
        p[0].Value = key;
        p[1].Value = ShardKey.PartitionKey(ipKey);
        p[2].Value = r.Score;
        p[3].Value = ToMs(r.ScoreAt);
        p[4].Value = ToMs(r.FirstSeen);
        p[5].Value = ToMs(r.LastSeen);
        p[6].Value = r.Verdicts;
        p[7].Value = string.Join(' ', r.Reasons);
        p[8].Value = r.Trap ? 1 : 0;
        p[9].Value = r.Allowed ? 1 : 0;
        p[10].Value = r.ListedAt is { } la ? ToMs(la) : DBNull.Value;
        p[11].Value = r.Expires is { } e ? ToMs(e) : DBNull.Value;
        p[12].Value = r.SoftKinds;
        p[13].Value = r.SoftSince is { } ss ? ToMs(ss) : DBNull.Value;
        p[14].Value = r.Virtue;
        p[15].Value = r.Harvester ? 1 : 0;
        p[16].Value = ReporterMark.Format(r.Reporters);
        upsert.ExecuteNonQuery();
    }

    private SqliteConnection Open() => connection ?? throw new InvalidOperationException("the SQLite store is not initialised (or already disposed)");

    /// <summary>
    /// Runs <paramref name="work"/> off the caller's thread (a shard actor must not block on disk) and one at a
    /// time. SQLite errors other than "busy" are not transient: they propagate as they are.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new StoreUnavailableException("the SQLite file is locked by another process", e);
        }
        finally
        {
            gate.Release();
        }
    }

    private Task RunAsync(Action work, CancellationToken cancellationToken) => RunAsync(() =>
    {
        work();
        return true;
    }, cancellationToken);

    internal static long ToMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static IReadOnlyList<string> SplitReasons(string text) =>
        text.Length == 0 ? [] : text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static void Execute(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection c, string sql, params string[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}

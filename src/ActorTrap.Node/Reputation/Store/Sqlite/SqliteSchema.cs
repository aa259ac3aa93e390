using Microsoft.Data.Sqlite;

namespace ActorTrap.Node.Reputation.Store.Sqlite;

/// <summary>
/// Versioned migrations of the SQLite file, tracked in <c>PRAGMA user_version</c>. Append new steps; never edit
/// a released one (a node that already ran it would not run it again).
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // 1: reputation keyed by the 16-byte IPv6-mapped address (memcmp order = numeric order, so a network
        // is a range scan); times are Unix milliseconds; reasons are space-separated wire names.
        """
        CREATE TABLE reputation (
            address    BLOB    NOT NULL PRIMARY KEY,
            shard_key  INTEGER NOT NULL,
            score      REAL    NOT NULL,
            score_at   INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen  INTEGER NOT NULL,
            verdicts   INTEGER NOT NULL,
            reasons    TEXT    NOT NULL,
            trap       INTEGER NOT NULL,
            allowed    INTEGER NOT NULL,
            listed_at  INTEGER,
            expires    INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX reputation_listed ON reputation (expires) WHERE listed_at IS NOT NULL;
        CREATE TABLE manual_listing (
            network   TEXT    NOT NULL PRIMARY KEY,
            reason    TEXT    NOT NULL,
            actor     TEXT    NOT NULL,
            listed_at INTEGER NOT NULL
        );
        CREATE TABLE manual_action (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            at      INTEGER NOT NULL,
            action  TEXT    NOT NULL,
            network TEXT    NOT NULL,
            reason  TEXT    NOT NULL,
            actor   TEXT    NOT NULL
        );
        """,
        // 2: the listing rule of issue 15 keeps soft sins per evidence window and the virtue of retries apart from the
        // hard score: soft_kinds is a bit set of sin kinds, soft_since the window's start (Unix ms), virtue <= 0.
        """
        ALTER TABLE reputation ADD COLUMN soft_kinds INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE reputation ADD COLUMN soft_since INTEGER;
        ALTER TABLE reputation ADD COLUMN virtue REAL NOT NULL DEFAULT 0;
        """,
        // 3: the verdict ids merges applied (AppliedVerdicts), so a resent verdict counts once; applied_at (Unix ms,
        // the merge's time) lets the purge drop them after the retention. The id is the rowid: one B-tree.
        """
        CREATE TABLE applied_verdict (
            id         INTEGER NOT NULL PRIMARY KEY,
            applied_at INTEGER NOT NULL
        );
        CREATE INDEX applied_verdict_at ON applied_verdict (applied_at);
        """,
        // 4: manual listings with an expiry (Unix ms; NULL lists until delisted by hand), ended by the expiry chore (issue 16).
        """
        ALTER TABLE manual_listing ADD COLUMN expires INTEGER;
        CREATE INDEX manual_listing_expires ON manual_listing (expires) WHERE expires IS NOT NULL;
        """,
        // 5: a listing in the harvester class (issue 18): the address harvested a tagged trap address that was used,
        // and no trap or behaviour evidence lists it. 0 or 1, as trap.
        """
        ALTER TABLE reputation ADD COLUMN harvester INTEGER NOT NULL DEFAULT 0;
        """,
        // 6: issue 18's consensus of UDP feed reporters: who reported the address within the reporter window,
        // "id@unix-ms" (with "!" when trusted) joined by spaces, newest first, at most 16; "*" is the node's own
        // sessions. Empty for rows written before: their evidence was the node's own.
        """
        ALTER TABLE reputation ADD COLUMN reporters TEXT NOT NULL DEFAULT '';
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"the SQLite store is at schema version {version}, newer than this build knows ({Migrations.Length}); run a newer ActorTrap or use another data-dir");
        }

        for (var v = version; v < Migrations.Length; v++)
        {
            Execute(connection, transaction, Migrations[v]);
            Execute(connection, transaction, $"PRAGMA user_version = {v + 1}");
        }

        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

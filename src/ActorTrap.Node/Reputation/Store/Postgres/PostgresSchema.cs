using Npgsql;

namespace ActorTrap.Node.Reputation.Store.Postgres;

/// <summary>
/// Versioned migrations of the cluster database, applied by whichever node starts first (under a transaction
/// advisory lock, so nodes starting together do not race) and recorded in <c>actortrap_schema</c>. Append new
/// steps; never edit a released one.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Channel the first migration's triggers announced listing changes on (dropped by a later one: nodes announce over Akka now).</summary>
    public const string ListingChannel = "actortrap_listing";

    /// <summary>Hash partitions of the reputation table. Fixed here because changing it means rewriting the table.</summary>
    public const int Partitions = 16;

    // Arbitrary constants for pg_advisory_*: "AT" + purpose, so they do not collide with other applications' locks.
    public const long MigrationLock = 0x4154_0001;

    private static readonly (string Name, string Sql)[] Migrations =
    [
        ("reputation, manual listings, listing notifications", $$"""
            CREATE TABLE reputation (
                shard_key  bigint           NOT NULL,
                address    inet             NOT NULL,
                score      double precision NOT NULL,
                score_at   timestamptz      NOT NULL,
                first_seen timestamptz      NOT NULL,
                last_seen  timestamptz      NOT NULL,
                verdicts   bigint           NOT NULL,
                reasons    text[]           NOT NULL,
                trap       boolean          NOT NULL,
                allowed    boolean          NOT NULL,
                listed_at  timestamptz,
                expires    timestamptz,
                listed_by  bigint,
                PRIMARY KEY (shard_key, address)
            ) PARTITION BY HASH (shard_key);
            {{string.Join("\n", Enumerable.Range(0, Partitions).Select(i =>
                $"CREATE TABLE reputation_p{i:00} PARTITION OF reputation FOR VALUES WITH (MODULUS {Partitions}, REMAINDER {i});"))}}
            CREATE INDEX reputation_listed ON reputation (expires) WHERE listed_at IS NOT NULL;

            CREATE TABLE manual_listing (
                network   cidr        NOT NULL PRIMARY KEY,
                reason    text        NOT NULL,
                actor     text        NOT NULL,
                listed_at timestamptz NOT NULL
            );
            CREATE TABLE manual_action (
                id      bigserial   PRIMARY KEY,
                at      timestamptz NOT NULL,
                action  text        NOT NULL,
                network cidr        NOT NULL,
                reason  text        NOT NULL,
                actor   text        NOT NULL
            );

            CREATE FUNCTION actortrap_ms(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE
                AS 'SELECT (extract(epoch FROM t) * 1000)::bigint';

            -- Every listing change is announced in the transaction that makes it, whichever statement that is
            -- (merge, expiry, delist), so no node's copy can miss one that committed.
            CREATE FUNCTION actortrap_notify_reputation() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF TG_OP <> 'DELETE' AND NEW.listed_at IS NOT NULL THEN
                    PERFORM pg_notify('{{ListingChannel}}', json_build_object(
                        'op', 'list', 'a', host(NEW.address), 'c', CASE WHEN NEW.trap THEN 'trap' ELSE 'behaviour' END,
                        's', NEW.score, 'r', NEW.reasons, 'f', actortrap_ms(NEW.first_seen), 'l', actortrap_ms(NEW.last_seen),
                        't', actortrap_ms(NEW.listed_at), 'e', actortrap_ms(NEW.expires))::text);
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM pg_notify('{{ListingChannel}}', json_build_object('op', 'delist', 'a', host(OLD.address))::text);
                ELSE
                    PERFORM pg_notify('{{ListingChannel}}', json_build_object('op', 'delist', 'a', host(NEW.address))::text);
                END IF;
                RETURN NULL;
            END $f$;
            CREATE TRIGGER reputation_listed AFTER INSERT ON reputation FOR EACH ROW
                WHEN (NEW.listed_at IS NOT NULL) EXECUTE FUNCTION actortrap_notify_reputation();
            CREATE TRIGGER reputation_relisted AFTER UPDATE ON reputation FOR EACH ROW
                WHEN (NEW.listed_at IS DISTINCT FROM OLD.listed_at OR (NEW.listed_at IS NOT NULL AND NEW.trap <> OLD.trap))
                EXECUTE FUNCTION actortrap_notify_reputation();
            CREATE TRIGGER reputation_deleted AFTER DELETE ON reputation FOR EACH ROW
                WHEN (OLD.listed_at IS NOT NULL) EXECUTE FUNCTION actortrap_notify_reputation();

            CREATE FUNCTION actortrap_notify_manual() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    PERFORM pg_notify('{{ListingChannel}}', json_build_object('op', 'mdelist', 'n', OLD.network::text)::text);
                ELSE
                    PERFORM pg_notify('{{ListingChannel}}', json_build_object(
                        'op', 'mlist', 'n', NEW.network::text, 'r', NEW.reason, 't', actortrap_ms(NEW.listed_at))::text);
                END IF;
                RETURN NULL;
            END $f$;
            CREATE TRIGGER manual_listing_changed AFTER INSERT OR UPDATE OR DELETE ON manual_listing FOR EACH ROW
                EXECUTE FUNCTION actortrap_notify_manual();
            """),
        ("cluster node registry", """
            CREATE TABLE cluster_node (
                name         text        NOT NULL PRIMARY KEY,
                address      text        NOT NULL,
                roles        text[]      NOT NULL,
                started_at   timestamptz NOT NULL,
                heartbeat_at timestamptz NOT NULL,
                incarnation  uuid        NOT NULL
            );
            """),
        ("held connections in the node registry (ctl cluster, the dashboard)", """
            ALTER TABLE cluster_node ADD COLUMN held integer NOT NULL DEFAULT 0;
            """),
        ("soft sins per evidence window and the virtue of retries (issue 15's listing rule, applied in C#)", """
            ALTER TABLE reputation ADD COLUMN soft_kinds integer NOT NULL DEFAULT 0;
            ALTER TABLE reputation ADD COLUMN soft_since timestamptz;
            ALTER TABLE reputation ADD COLUMN virtue double precision NOT NULL DEFAULT 0;
            """),
        ("verdict ids applied, so a resent verdict counts once (AppliedVerdicts); purged with the reputation retention", """
            CREATE TABLE applied_verdict (
                id         bigint      NOT NULL PRIMARY KEY,
                applied_at timestamptz NOT NULL
            );
            CREATE INDEX applied_verdict_at ON applied_verdict (applied_at);
            """),
        ("PostgreSQL keeps only data: membership, chores and listing announcements are the Akka cluster's (issue 14)", """
            DROP TRIGGER IF EXISTS reputation_listed ON reputation;
            DROP TRIGGER IF EXISTS reputation_relisted ON reputation;
            DROP TRIGGER IF EXISTS reputation_deleted ON reputation;
            DROP TRIGGER IF EXISTS manual_listing_changed ON manual_listing;
            DROP FUNCTION IF EXISTS actortrap_notify_reputation();
            DROP FUNCTION IF EXISTS actortrap_notify_manual();
            DROP TABLE IF EXISTS cluster_node;
            """),
        ("manual listings with an expiry (NULL lists until delisted by hand), ended by the expiry chore (issue 16)", """
            ALTER TABLE manual_listing ADD COLUMN expires timestamptz;
            CREATE INDEX manual_listing_expires ON manual_listing (expires) WHERE expires IS NOT NULL;
            """),
        ("listings in the harvester class: harvested a tagged trap address that was used, and nothing else lists it (issue 18)", """
            ALTER TABLE reputation ADD COLUMN harvester boolean NOT NULL DEFAULT false;
            """),
        ("reporters of each address within the reporter window: the consensus of UDP feed reporters (issue 18)", """
            ALTER TABLE reputation ADD COLUMN reporters text NOT NULL DEFAULT '';
            """),
    ];

    public static int LatestVersion => Migrations.Length;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS actortrap_schema (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken).ConfigureAwait(false);
        int version;
        await using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM actortrap_schema", connection))
        {
            version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (version > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"the PostgreSQL schema is at version {version}, newer than this build knows ({Migrations.Length}); upgrade this node");
        }

        for (var v = version; v < Migrations.Length; v++)
        {
            await ExecuteAsync(connection, Migrations[v].Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO actortrap_schema (version, name) VALUES (@v, @n)", connection);
            record.Parameters.AddWithValue("v", v + 1);
            record.Parameters.AddWithValue("n", Migrations[v].Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

using System.Net;
using Microsoft.Data.Sqlite;

namespace ActorTrap.Node.Reputation.Store.Sqlite;

/// <summary>Listings, expiry, purge and the manual list/delist of the SQLite store.</summary>
internal sealed partial class SqliteReputationStore
{
    public Task<IReadOnlyList<Listing>> LoadListingsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(() => LoadListings(Open(), now), cancellationToken);

    /// <summary>On a given connection: <c>zone export</c> reads a node's file through its own read-only connection.</summary>
    internal static IReadOnlyList<Listing> LoadListings(SqliteConnection c, DateTimeOffset now)
    {
        var listings = new List<Listing>();
        using (var command = c.CreateCommand())
        {
            command.CommandText = """
                SELECT address, score, first_seen, last_seen, reasons, trap, listed_at, expires, harvester, reporters
                FROM reputation WHERE listed_at IS NOT NULL AND expires > $now
                """;
            command.Parameters.AddWithValue("$now", ToMs(now));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var address = IpKey.FromBytes((byte[])reader[0]).ToAddress();
                listings.Add(new Listing(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128,
                    reader.GetInt64(8) != 0 ? ListingClass.Harvester : reader.GetInt64(5) != 0 ? ListingClass.Trap : ListingClass.Behaviour,
                    reader.GetDouble(1), SplitReasons(reader.GetString(4)),
                    FromMs(reader.GetInt64(2)), FromMs(reader.GetInt64(3)), FromMs(reader.GetInt64(6)), FromMs(reader.GetInt64(7)))
                {
                    Reporters = Scoring.ReporterMark.RemoteIds(Scoring.ReporterMark.Parse(reader.GetString(9))),
                });
            }
        }

        using (var command = c.CreateCommand())
        {
            command.CommandText = "SELECT network, reason, listed_at, expires FROM manual_listing WHERE expires IS NULL OR expires > $now";
            command.Parameters.AddWithValue("$now", ToMs(now));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                listings.Add(ManualListing(IPNetwork.Parse(reader.GetString(0)), reader.GetString(1), FromMs(reader.GetInt64(2)),
                    reader.IsDBNull(3) ? null : FromMs(reader.GetInt64(3))));
            }
        }

        return listings;
    }

    public Task<IReadOnlyList<IPAddress>> ExpireListingsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<IPAddress>>(() =>
        {
            var c = Open();
            using var transaction = c.BeginTransaction();
            var expired = new List<IPAddress>();
            using (var command = c.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "UPDATE reputation SET listed_at = NULL, expires = NULL WHERE listed_at IS NOT NULL AND expires <= $now RETURNING address";
                command.Parameters.AddWithValue("$now", ToMs(now));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    expired.Add(IpKey.FromBytes((byte[])reader[0]).ToAddress());
                }
            }

            transaction.Commit();
            return expired;
        }, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => RunAsync(() =>
    {
        using var verdicts = Open().CreateCommand();
        verdicts.CommandText = "DELETE FROM applied_verdict WHERE applied_at < $cutoff";
        verdicts.Parameters.AddWithValue("$cutoff", ToMs(cutoff));
        verdicts.ExecuteNonQuery();
        using var command = Open().CreateCommand();
        command.CommandText = "DELETE FROM reputation WHERE listed_at IS NULL AND last_seen < $cutoff";
        command.Parameters.AddWithValue("$cutoff", ToMs(cutoff));
        return command.ExecuteNonQuery();
    }, cancellationToken);

    public Task<IReadOnlyList<Listing>> ManualListAsync(IReadOnlyList<IPNetwork> networks, string reason, string actor, DateTimeOffset? expires,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Listing>>(() =>
        {
            var normal = networks.Select(Networks.Normalise).ToList();
            var c = Open();
            using var transaction = c.BeginTransaction();
            using (var command = c.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT OR REPLACE INTO manual_listing (network, reason, actor, listed_at, expires) VALUES ($n, $r, $a, $at, $e)";
                var n = command.Parameters.Add("$n", SqliteType.Text);
                command.Parameters.AddWithValue("$r", reason);
                command.Parameters.AddWithValue("$a", actor);
                command.Parameters.AddWithValue("$at", ToMs(now));
                command.Parameters.AddWithValue("$e", expires is { } e ? ToMs(e) : DBNull.Value);
                foreach (var network in normal)
                {
                    n.Value = network.ToString();
                    command.ExecuteNonQuery();
                }
            }

            foreach (var network in normal)
            {
                Audit(c, transaction, now, "list", network, reason, actor);
            }

            transaction.Commit();
            return [.. normal.Select(network => ManualListing(network, reason, now, expires))];
        }, cancellationToken);

    public Task<IReadOnlyList<IPNetwork>> ExpireManualListingsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<IPNetwork>>(() =>
        {
            var c = Open();
            using var transaction = c.BeginTransaction();
            var ended = new List<(IPNetwork Network, string Reason)>();
            using (var command = c.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM manual_listing WHERE expires <= $now RETURNING network, reason";
                command.Parameters.AddWithValue("$now", ToMs(now));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    ended.Add((IPNetwork.Parse(reader.GetString(0)), reader.GetString(1)));
                }
            }

            foreach (var (network, reason) in ended)
            {
                Audit(c, transaction, now, "expire", network, reason, IReputationStore.ExpiryActor);
            }

            transaction.Commit();
            return [.. ended.Select(e => e.Network)];
        }, cancellationToken);

    public Task<ManualDelistResult> ManualDelistAsync(IPNetwork network, string reason, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            var normal = Networks.Normalise(network);
            var (first, last) = Networks.Range(normal);
            var c = Open();
            using var transaction = c.BeginTransaction();
            bool removed;
            using (var command = c.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM manual_listing WHERE network = $n";
                command.Parameters.AddWithValue("$n", normal.ToString());
                removed = command.ExecuteNonQuery() > 0;
            }

            var delisted = new List<IPAddress>();
            using (var command = c.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    UPDATE reputation SET listed_at = NULL, expires = NULL, score = 0, soft_kinds = 0, soft_since = NULL, score_at = $now
                    WHERE address BETWEEN $first AND $last AND listed_at IS NOT NULL RETURNING address
                    """;
                command.Parameters.AddWithValue("$now", ToMs(now));
                command.Parameters.AddWithValue("$first", first.ToBytes());
                command.Parameters.AddWithValue("$last", last.ToBytes());
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    delisted.Add(IpKey.FromBytes((byte[])reader[0]).ToAddress());
                }
            }

            Audit(c, transaction, now, "delist", normal, reason, actor);
            transaction.Commit();
            return new ManualDelistResult(removed, delisted);
        }, cancellationToken);

    public Task<IReadOnlyList<ManualAction>> ManualActionsAsync(int max, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ManualAction>>(() =>
        {
            using var command = Open().CreateCommand();
            command.CommandText = "SELECT at, action, network, reason, actor FROM manual_action ORDER BY id DESC LIMIT $max";
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var actions = new List<ManualAction>();
            while (reader.Read())
            {
                actions.Add(new ManualAction(FromMs(reader.GetInt64(0)), reader.GetString(1), IPNetwork.Parse(reader.GetString(2)), reader.GetString(3), reader.GetString(4)));
            }

            return actions;
        }, cancellationToken);

    internal static Listing ManualListing(IPNetwork network, string reason, DateTimeOffset at, DateTimeOffset? expires) =>
        new(network.BaseAddress, network.PrefixLength, ListingClass.Manual, 0, [reason], at, at, at, expires);

    private static void Audit(SqliteConnection c, SqliteTransaction transaction, DateTimeOffset now, string action, IPNetwork network, string reason, string actor)
    {
        using var command = c.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO manual_action (at, action, network, reason, actor) VALUES ($at, $ac, $n, $r, $a)";
        command.Parameters.AddWithValue("$at", ToMs(now));
        command.Parameters.AddWithValue("$ac", action);
        command.Parameters.AddWithValue("$n", network.ToString());
        command.Parameters.AddWithValue("$r", reason);
        command.Parameters.AddWithValue("$a", actor);
        command.ExecuteNonQuery();
    }
}

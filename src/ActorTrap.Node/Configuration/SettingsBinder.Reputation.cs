using System.Net;
using ActorTrap.Node.Reputation.Store;

namespace ActorTrap.Node.Configuration;

/// <summary>Binds <c>actortrap.data-dir</c>, <c>actortrap.reputation</c> and <c>actortrap.cluster</c>.</summary>
internal static partial class SettingsBinder
{
    private const string StoreKey = "actortrap.reputation.store";

    /// <summary>The documented key of the PostgreSQL connection string.</summary>
    internal const string ConnectionKey = "actortrap.reputation.postgres.connection-string";

    /// <summary>The same under <c>store</c> (the spelling issue 5's "done when" uses), read as store = postgres.</summary>
    internal const string NestedConnectionKey = StoreKey + ".postgres.connection-string";

    private static ReputationOptions BindReputation(SettingsReader r)
    {
        var dataDir = r.String("actortrap.data-dir").Trim();
        r.Require(dataDir.Length > 0, "actortrap.data-dir", "must name a writable directory (default \"data\", relative to the working directory)");
        string fullDataDir;
        try
        {
            fullDataDir = Path.GetFullPath(dataDir.Length == 0 ? "data" : dataDir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            r.Fail("actortrap.data-dir", $"is not a usable path: {e.Message}");
            fullDataDir = Path.GetFullPath("data");
        }

        // `--set actortrap.reputation.store.postgres.connection-string=…` (the spelling issue 5's "done when" uses) turns
        // `store` into an object: read it as store = postgres with that connection string.
        var nested = r.Config.HasPath(StoreKey) && r.Config.GetValueKind(StoreKey) == Hocon.HoconValueKind.Object;
        var connectionKey = nested ? NestedConnectionKey : ConnectionKey;
        var connection = r.String(connectionKey).Trim();
        if (connection.Length > 0 && ConnectionStrings.Validate(connection) is { } problem)
        {
            r.Fail(connectionKey, $"is not a valid Npgsql connection string ({problem}); e.g. \"Host=db;Username=actortrap;Password=...;Database=actortrap\"");
        }

        var storeText = nested ? "postgres" : r.String(StoreKey).Trim().ToLowerInvariant();
        var store = ReputationStoreKind.Sqlite;
        switch (storeText)
        {
            case "auto":
                store = connection.Length > 0 ? ReputationStoreKind.Postgres : ReputationStoreKind.Sqlite;
                break;
            case "sqlite":
                break;
            case "postgres" or "postgresql":
                store = ReputationStoreKind.Postgres;
                r.Require(connection.Length > 0, connectionKey,
                    "must be set when actortrap.reputation.store = postgres (or set ACTORTRAP_POSTGRES)");
                break;
            default:
                r.Fail(StoreKey, $"\"{storeText}\" is not a store; use auto, sqlite or postgres");
                break;
        }

        var threshold = r.Double("actortrap.reputation.list-threshold");
        r.Require(double.IsFinite(threshold) && threshold > 0, "actortrap.reputation.list-threshold", "must be a number above 0");

        var halfLife = r.Duration("actortrap.reputation.half-life", TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));
        var ttl = r.Duration("actortrap.reputation.listing-ttl", TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));
        var retention = r.Duration("actortrap.reputation.retention", TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        r.Require(retention >= ttl, "actortrap.reputation.retention", "must be at least actortrap.reputation.listing-ttl (a listed address is never purged)");

        var softCap = r.Double("actortrap.reputation.soft-cap");
        r.Require(double.IsFinite(softCap) && softCap >= 0 && (softCap < threshold || r.Failed), "actortrap.reputation.soft-cap",
            $"must be at least 0 and below actortrap.reputation.list-threshold ({threshold}), so that soft sins alone never list");
        var window = r.Duration("actortrap.reputation.evidence-window", TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));

        var batchInterval = r.Duration("actortrap.reputation.batch-interval", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
        var storeTimeout = r.Duration("actortrap.reputation.store-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

        return new ReputationOptions(
            fullDataDir,
            store,
            connection.Length == 0 ? null : connection,
            r.Int("actortrap.reputation.shards", 1, 1024),
            threshold,
            halfLife,
            ttl,
            BindAllow(r),
            retention,
            r.Int("actortrap.reputation.batch-size", 1, 100_000),
            batchInterval,
            r.Int("actortrap.reputation.recent-addresses", 0, 100_000_000),
            r.Duration("actortrap.reputation.idle-after", TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            storeTimeout,
            r.Size("actortrap.reputation.spool.max-size", 64 * 1024, 1L << 40),
            r.Duration("actortrap.reputation.spool.retry-interval", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
            BindSqliteSync(r),
            r.Duration("actortrap.reputation.chore-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)))
        {
            SoftCap = softCap,
            EvidenceWindow = window,
        };
    }

    private static bool BindSqliteSync(SettingsReader r)
    {
        var text = r.String("actortrap.reputation.sqlite.synchronous").Trim().ToLowerInvariant();
        r.Require(text is "full" or "normal", "actortrap.reputation.sqlite.synchronous", $"\"{text}\" is not allowed; use full or normal");
        return text != "normal";
    }

    private static List<IPNetwork> BindAllow(SettingsReader r)
    {
        var networks = new List<IPNetwork>();
        foreach (var text in r.StringList("actortrap.reputation.allow"))
        {
            if (TryParseNetwork(text, out var network, out var error))
            {
                networks.Add(network);
            }
            else
            {
                r.Fail("actortrap.reputation.allow", error);
            }
        }

        return networks;
    }

    /// <summary>A CIDR (<c>192.0.2.0/24</c>, <c>2001:db8::/32</c>) or a single address.</summary>
    internal static bool TryParseNetwork(string text, out IPNetwork network, out string error)
    {
        text = text.Trim();
        error = string.Empty;
        if (IPAddress.TryParse(text, out var single) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (IPNetwork.TryParse(text, out network) && slash > 0 && IPAddress.TryParse(text[..slash], out var written) && written.Equals(network.BaseAddress))
        {
            return true;
        }

        if (slash > 0 && IPAddress.TryParse(text[..slash], out var address) && int.TryParse(text[(slash + 1)..], out var prefix)
            && prefix >= 0 && prefix <= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            var masked = Reputation.IpKey.From(address).Mask(prefix + (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 96 : 0)).ToAddress();
            error = $"\"{text}\" has host bits set; write the network address {masked}/{prefix}";
            return false;
        }

        error = $"\"{text}\" is not a CIDR such as 192.0.2.0/24 or 2001:db8::/32";
        return false;
    }

    private static ClusterOptions BindCluster(SettingsReader r)
    {
        var heartbeat = r.Duration("actortrap.cluster.heartbeat-interval", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10));
        var unreachable = r.Duration("actortrap.cluster.unreachable-after", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        var removed = r.Duration("actortrap.cluster.removed-after", TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(7));
        r.Require(unreachable > heartbeat, "actortrap.cluster.unreachable-after", "must be longer than actortrap.cluster.heartbeat-interval");
        r.Require(removed > unreachable, "actortrap.cluster.removed-after", "must be longer than actortrap.cluster.unreachable-after");
        var roles = r.StringList("actortrap.cluster.roles").Select(x => x.Trim()).ToList();
        foreach (var role in roles)
        {
            r.Require(role.Length is > 0 and <= 64 && role.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
                "actortrap.cluster.roles", $"\"{role}\" is not a role name (letters, digits, '-', '_', '.'; at most 64)");
        }

        var address = r.String("actortrap.cluster.address").Trim();
        r.Require(address.Length <= 255, "actortrap.cluster.address", "must be at most 255 characters");
        return new ClusterOptions(address, roles, heartbeat, unreachable, removed);
    }
}

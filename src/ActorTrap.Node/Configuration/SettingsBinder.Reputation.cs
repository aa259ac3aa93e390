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
            r.Duration("actortrap.reputation.idle-after", TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)),
            storeTimeout,
            r.Size("actortrap.reputation.spool.max-size", 64 * 1024, 1L << 40),
            r.Duration("actortrap.reputation.spool.retry-interval", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
            BindSqliteSync(r),
            r.Duration("actortrap.reputation.chore-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)))
        {
            SoftCap = softCap,
            EvidenceWindow = window,
            Writers = r.Int("actortrap.reputation.writers", 1, 64),
            SendInterval = r.Duration("actortrap.reputation.send-interval", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)),
            ResendAfter = r.Duration("actortrap.reputation.resend-after", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            MaxUnacknowledged = r.Int("actortrap.reputation.max-unacknowledged", 1, 10_000_000),
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

    private static ClusterOptions BindCluster(SettingsReader r, ReputationStoreKind store)
    {
        const string Prefix = "actortrap.cluster.";
        var hostname = r.String(Prefix + "hostname").Trim();
        r.Require(hostname.Length is > 0 and <= 253 && !hostname.Contains(' ', StringComparison.Ordinal), Prefix + "hostname",
            "must be the address or host name other members reach this node at, e.g. 10.0.0.5");
        var port = r.Int(Prefix + "port", 0, 65535);
        var seeds = new List<string>();
        foreach (var seed in r.StringList(Prefix + "seed-nodes"))
        {
            if (SeedAddress(seed.Trim()) is { } seedAddress)
            {
                seeds.Add(seedAddress);
            }
            else
            {
                r.Fail(Prefix + "seed-nodes", $"\"{seed}\" is not a seed node; write host:port (e.g. 10.0.0.5:4053) or akka.tcp://{ClusterOptions.SystemName}@host:port");
            }
        }

        var discoveryText = r.String(Prefix + "discovery").Trim();
        var discovery = ClusterDiscovery.SeedNodes;
        if (discoveryText.Equals("kubernetes", StringComparison.OrdinalIgnoreCase))
        {
            discovery = ClusterDiscovery.Kubernetes;
        }
        else if (discoveryText.Length > 0)
        {
            r.Fail(Prefix + "discovery", $"\"{discoveryText}\" is not a discovery method; use \"\" (seed-nodes) or \"kubernetes\"");
        }

        r.Require(!(discovery == ClusterDiscovery.Kubernetes && seeds.Count > 0), Prefix + "seed-nodes",
            "set either seed-nodes or discovery = kubernetes, not both");
        r.Require(store == ReputationStoreKind.Postgres || (seeds.Count == 0 && discovery == ClusterDiscovery.SeedNodes), Prefix + "seed-nodes",
            "a cluster needs the postgres store (actortrap.reputation.store): every member must read and write the same reputation, and sqlite is one node's file");
        var kubernetes = new KubernetesBootstrapOptions(
            r.Int(Prefix + "kubernetes.management-port", 1, 65535),
            r.String(Prefix + "kubernetes.pod-label-selector").Trim(),
            r.Int(Prefix + "kubernetes.required-contact-points", 1, 1000),
            r.String(Prefix + "kubernetes.pod-namespace").Trim());
        r.Require(discovery != ClusterDiscovery.Kubernetes || kubernetes.PodLabelSelector.Length > 0, Prefix + "kubernetes.pod-label-selector",
            "must select this cluster's pods, e.g. app=actortrap");
        r.Require(kubernetes.PodNamespace.Length == 0 || IsNamespaceName(kubernetes.PodNamespace), Prefix + "kubernetes.pod-namespace",
            $"\"{kubernetes.PodNamespace}\" is not a Kubernetes namespace (lower-case letters, digits and '-', at most 63); leave it empty to read the pod's service-account namespace");
        r.Require(discovery != ClusterDiscovery.Kubernetes || kubernetes.ManagementPort != port, Prefix + "kubernetes.management-port",
            $"must differ from actortrap.cluster.port ({port}): Akka.Management's HTTP endpoint and Akka.Remote each need their own port");

        var roles = r.StringList(Prefix + "roles").Select(x => x.Trim()).ToList();
        foreach (var role in roles)
        {
            r.Require(role.Length is > 0 and <= 64 && role.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
                Prefix + "roles", $"\"{role}\" is not a role name (letters, digits, '-', '_', '.'; at most 64)");
        }

        var address = r.String(Prefix + "address").Trim();
        r.Require(address.Length <= 255, Prefix + "address", "must be at most 255 characters");
        var strategy = r.String(Prefix + "split-brain.strategy").Trim().ToLowerInvariant();
        r.Require(ClusterOptions.Strategies.Contains(strategy), Prefix + "split-brain.strategy",
            $"\"{strategy}\" is not a split-brain strategy; use {string.Join(", ", ClusterOptions.Strategies)}");
        var stableAfter = r.Duration(Prefix + "split-brain.stable-after", TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(10));
        var margin = r.Duration(Prefix + "split-brain.down-removal-margin", TimeSpan.Zero, TimeSpan.FromMinutes(10));
        var heartbeat = r.Duration(Prefix + "failure-detector.heartbeat-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        var pause = r.Duration(Prefix + "failure-detector.acceptable-heartbeat-pause", TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(10));
        r.Require(pause > heartbeat, Prefix + "failure-detector.acceptable-heartbeat-pause", "must be longer than heartbeat-interval");
        return new ClusterOptions(hostname, port, seeds, discovery, kubernetes, roles, address, strategy, stableAfter, heartbeat, pause, margin);
    }

    /// <summary>An RFC 1123 label, which is what Kubernetes accepts as a namespace name.</summary>
    private static bool IsNamespaceName(string name) =>
        name.Length <= 63 && name[0] != '-' && name[^1] != '-' && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>A seed as Akka's address, from "host:port" or an akka.tcp address; null when it is neither.</summary>
    internal static string? SeedAddress(string text)
    {
        var prefix = $"akka.tcp://{ClusterOptions.SystemName}@";
        var hostPort = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
        if (hostPort.Contains('/', StringComparison.Ordinal) || hostPort.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }

        var host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        var valid = IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;
        return valid ? prefix + (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}

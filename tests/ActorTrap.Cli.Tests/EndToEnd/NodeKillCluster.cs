using System.Net;
using System.Text.Json;
using ActorTrap.TestPeers;
using Npgsql;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Three cluster nodes for the specs that take one of them away (SIGKILL, SIGSTOP, SIGTERM), shared to save their start:
/// a throwaway PostgreSQL, an rbldnsd whose zone lists 127.40.0.0/16 (clients from there are held) and the nodes, with
/// the failure detector and resolver made fast (<see cref="ClusterNodes.FastFailureDetection"/>). Each spec starts with
/// <see cref="ClusterNodes.EnsureAllUpAsync"/>, which starts again whatever node the previous spec took away.
/// </summary>
public sealed class NodeKillCluster : IAsyncLifetime
{
    public const string Zone = "bl.kill.test";
    private readonly PostgresServer postgres = new();
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("actortrap-kill-");
    private Rbldnsd? dnsbl;
    private ClusterNodes? nodes;

    internal ClusterNodes Nodes => nodes ?? throw new InvalidOperationException("the cluster has not started");

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        ConnectionString = await postgres.DatabaseAsync("kill_e2e");
        // 127.40.0.0/16 is listed: its clients are held. 127.0.0.2 is the RFC 5782 test entry.
        dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed by the kill zone\n127.0.0.2\n127.40.0.0/16\n"));
        nodes = new ClusterNodes(3, dnsbl.ServerSpec, Zone, work.FullName,
        [
            $"actortrap.reputation.postgres.connection-string=\"{ConnectionString}\"",
            // Nothing the specs send lists an address: they count verdicts, and the held clients come from the DNSBL.
            "actortrap.reputation.list-threshold=100000",
            "actortrap.reputation.chore-interval=300ms",
            "actortrap.smtp.greet-pause=200ms",
            "actortrap.smtp.check-reverse-dns=false",
            "actortrap.smtp.quit-wait=1s",
            "actortrap.smtp.hold=10m",
            "actortrap.smtp.trickle-interval=1s",
            "actortrap.smtp.max-connections-per-ip=1000",
        ]);
        await nodes.StartAllAsync();
    }

    public async Task DisposeAsync()
    {
        nodes?.Dispose();
        dnsbl?.Dispose();
        await postgres.DisposeAsync();
        work.Delete(recursive: true);
    }

    /// <summary>The index of the member running the chores singleton, as node <paramref name="viewer"/> sees it (waits until there is one).</summary>
    internal async Task<int> ChoresNodeAsync(int viewer)
    {
        var cluster = await Nodes[viewer].WaitForJsonAsync("/api/cluster", c => ClusterNodes.Members(c).Count(m => m.RunsChores) == 1);
        var holder = ClusterNodes.Members(cluster).Single(m => m.RunsChores);
        return Nodes.Indexes.Single(i => Nodes.Address(i) == holder.Address);
    }

    /// <summary>Node <paramref name="i"/>'s lookup of <paramref name="address"/>: which member its entity lives on (null when it did not answer).</summary>
    internal async Task<string?> EntityNodeAsync(int i, IPAddress address)
    {
        var entity = (await Nodes[i].GetJsonAsync($"/api/lookup/{address}")).GetProperty("entity");
        return entity.ValueKind == JsonValueKind.Object ? entity.GetProperty("node").GetString() : null;
    }

    /// <summary>
    /// Addresses among <c>{prefix}.1-64</c> whose reputation entity lives on node <paramref name="owner"/>, asked through
    /// node <paramref name="asker"/>; asks again (bounded) about those whose entity did not answer, as while a member
    /// that just joined registers with the shard coordinator.
    /// </summary>
    internal async Task<IReadOnlyList<IPAddress>> AddressesOwnedByAsync(int owner, int asker, string prefix)
    {
        var owners = Enumerable.Range(1, 64).ToDictionary(k => IPAddress.Parse($"{prefix}.{k}"), _ => (string?)null);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (owners.ContainsValue(null) && DateTime.UtcNow < deadline)
        {
            var unknown = owners.Where(kv => kv.Value is null).Select(kv => kv.Key).ToArray();
            var answers = await Task.WhenAll(unknown.Select(a => EntityNodeAsync(asker, a)));
            for (var k = 0; k < unknown.Length; k++)
            {
                owners[unknown[k]] = answers[k];
            }
        }

        Assert.False(owners.ContainsValue(null), $"entities that never answered node-{asker}'s lookup: {string.Join(", ", owners.Where(kv => kv.Value is null).Select(kv => kv.Key))}");
        return [.. owners.Where(kv => kv.Value == ClusterNodes.Name(owner)).Select(kv => kv.Key)];
    }

    /// <summary>Verdicts in the store per address inside <paramref name="network"/> (PostgreSQL inet text).</summary>
    internal async Task<IReadOnlyDictionary<IPAddress, long>> StoredVerdictsAsync(string network)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT host(address), verdicts FROM reputation WHERE address <<= @network::inet", connection);
        command.Parameters.AddWithValue("network", network);
        var result = new Dictionary<IPAddress, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[IPAddress.Parse(reader.GetString(0))] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>Polls the store until <paramref name="condition"/> holds of the verdicts in <paramref name="network"/> (bounded); returns the last read.</summary>
    internal Task<IReadOnlyDictionary<IPAddress, long>> WaitForStoredVerdictsAsync(string network, Func<IReadOnlyDictionary<IPAddress, long>, bool> condition, TimeSpan limit) =>
        Poll.UntilAsync(() => StoredVerdictsAsync(network), condition, limit);
}

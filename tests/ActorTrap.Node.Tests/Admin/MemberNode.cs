using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Tests.Reputation.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Admin;

/// <summary>
/// One in-process node of a real cluster on the throwaway PostgreSQL, on the system clock (membership runs on Akka's
/// own timers), with its own data directory and an admin client that sends the token.
/// </summary>
internal sealed class MemberNode : IAsyncDisposable
{
    public const string Token = "0123456789abcdef-cluster-admin-token";

    private readonly TempDirectory dir;

    private MemberNode(NodeHost host, TempDirectory dir)
    {
        Host = host;
        this.dir = dir;
        Http = new HttpClient { BaseAddress = new Uri($"http://{host.AdminEndPoint}"), Timeout = TimeSpan.FromSeconds(15) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public NodeHost Host { get; }

    public HttpClient Http { get; }

    /// <summary>Its Akka address as <c>GET /api/cluster</c> lists it.</summary>
    public string Address => Akka.Cluster.Cluster.Get(Host.System).SelfAddress.ToString();

    /// <param name="seeds">Seed nodes (host:port or Akka addresses); none makes the node join itself, a cluster of one.</param>
    public static async Task<MemberNode> StartAsync(string name, string connectionString, params string[] seeds)
    {
        var dir = new TempDirectory();
        var settings = Settings.Node(name, dir.Path,
            $"actortrap.reputation.postgres.connection-string=\"{connectionString}\"",
            $"actortrap.admin.token=\"{Token}\"",
            $"actortrap.cluster.seed-nodes=[{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]",
            "actortrap.dnsbl.zones=[]",
            "actortrap.actors.shutdown-timeout=5s");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return new MemberNode(await NodeHost.StartAsync(settings, NullLoggerFactory.Instance, cts.Token), dir);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds, bounded in real time.</summary>
    public async Task<JsonElement> WaitForJsonAsync(string path, Func<JsonElement, bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        JsonElement last;
        while (!condition(last = await GetJsonAsync(path)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}; last {path}: {last}");
            }

            await Task.Delay(100);
        }

        return last;
    }

    /// <summary>The member statuses in this node's <c>GET /api/cluster</c>, by address.</summary>
    public static Dictionary<string, string> Statuses(JsonElement cluster) =>
        cluster.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("address").GetString()!, m => m.GetProperty("status").GetString()!);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        dir.Dispose();
    }
}

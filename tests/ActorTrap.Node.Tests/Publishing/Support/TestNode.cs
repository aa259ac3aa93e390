using System.Net.Http.Headers;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>A whole node in-process on loopback ports chosen by the kernel, with an HTTP client for its admin endpoint.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    public const string Token = "0123456789abcdef-node-test-token";

    private readonly VirtualTime? time;

    private TestNode(NodeHost host, HttpClient http, VirtualTime? time)
    {
        Host = host;
        Http = http;
        this.time = time;
    }

    public NodeHost Host { get; }

    /// <summary>Talks to the admin endpoint, with the bearer token.</summary>
    public HttpClient Http { get; }

    /// <param name="time">Virtual time to run the node on (it joins it), or null for the system clock.</param>
    public static async Task<TestNode> StartAsync(VirtualTime? time, ILocalBlacklist? blacklist, IVerdictSink? sink = null, params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null,
            ["actortrap.admin.listen=\"127.0.0.1:0\"", "actortrap.smtp.listen=[\"127.0.0.1:0\"]", $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"", $"actortrap.admin.token=\"{Token}\"", .. (time is null ? Array.Empty<string>() : [VirtualTime.SchedulerOverride]), .. overrides]), _ => null);
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var host = await NodeHost.StartAsync(loaded.Settings!, NullLoggerFactory.Instance, cts.Token, blacklist, sink);
        time?.Add(host.System);
        var http = new HttpClient { BaseAddress = new Uri($"http://{host.AdminEndPoint}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return new TestNode(host, http, time);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (time is not null)
        {
            await time.StopAsync(Host);
        }
        else
        {
            await Host.DisposeAsync();
        }
    }
}

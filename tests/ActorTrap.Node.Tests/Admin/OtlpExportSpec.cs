using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ActorTrap.Node.Tests.Publishing.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Tests.Admin;

/// <summary>
/// actortrap.metrics.otlp (issue 17): a node pushes its metrics to a collector over OTLP/HTTP. The collector here is a
/// loopback HTTP endpoint that keeps what it receives; the payload is OTLP protobuf, in which names and strings are
/// plain UTF-8, so the instrument and resource names can be found in its bytes.
/// </summary>
public sealed class OtlpExportSpec
{
    [Fact]
    public async Task Issue17_node_pushes_its_metrics_to_the_configured_collector_with_its_headers()
    {
        await using var collector = await Collector.StartAsync();
        await using var node = await TestNode.StartAsync(null, null, null,
            $"actortrap.metrics.otlp.endpoint=\"http://{collector.EndPoint}\"", "actortrap.metrics.otlp.protocol=\"http/protobuf\"",
            "actortrap.metrics.otlp.interval=1s", "actortrap.metrics.otlp.headers=\"x-spec-key=otlp-spec-0123\"", "actortrap.node.name=otlp-spec-node");

        // Pushes come every second; wait, bounded, for one that carries the SMTP gauges (the first may precede them).
        Push? push = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); push is null && DateTime.UtcNow < deadline;)
        {
            push = collector.Received.FirstOrDefault(p => p.Body.Contains("actortrap.smtp.connections.open", StringComparison.Ordinal));
            if (push is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(push is not null, $"no push with the SMTP gauges in 20 s; {collector.Received.Count} pushes: {string.Join(", ", collector.Received.Select(p => p.Path))}");
        Assert.Equal("/v1/metrics", push.Path);
        Assert.Equal("application/x-protobuf", push.ContentType);
        Assert.Equal("otlp-spec-0123", push.Key);
        Assert.Contains("ActorTrap.Smtp", push.Body, StringComparison.Ordinal);
        Assert.Contains("otlp-spec-node", push.Body, StringComparison.Ordinal); // service.instance.id
    }

    private sealed record Push(string Path, string? ContentType, string? Key, string Body);

    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication app;

        private Collector(WebApplication app, IPEndPoint endPoint)
        {
            this.app = app;
            EndPoint = endPoint;
        }

        public IPEndPoint EndPoint { get; }

        public ConcurrentQueue<Push> Received { get; } = new();

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            Collector? self = null;
            app.MapPost("/{**path}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                self!.Received.Enqueue(new Push(context.Request.Path, context.Request.ContentType, context.Request.Headers["x-spec-key"].FirstOrDefault(),
                    Encoding.UTF8.GetString(body.ToArray())));
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new Collector(app, new IPEndPoint(IPAddress.Loopback, new Uri(address).Port));
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

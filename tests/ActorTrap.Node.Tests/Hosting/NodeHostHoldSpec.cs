using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Tests.Reputation.Support;
using ActorTrap.Node.Tests.Support;

namespace ActorTrap.Node.Tests.Hosting;

/// <summary>Issue 13: a node that stops tells every client its hold pools hold 421 and emits every held verdict.</summary>
public sealed class NodeHostHoldSpec
{
    private const int Clients = 60;

    [Fact]
    public async Task Stopping_a_node_sends_421_to_every_held_client_and_emits_every_verdict()
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, [
            "actortrap.admin.listen=\"127.0.0.1:0\"",
            "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            "actortrap.smtp.permit=[]",
            "actortrap.smtp.max-connections-per-ip=100",
            $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"",
            "actortrap.dnsbl.zones=[]",
        ]), _ => null);
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        var node = await NodeHost.StartAsync(loaded.Settings, new LogCapture(), CancellationToken.None);
        var clients = new List<Socket>();
        try
        {
            await node.Reputation.ListAsync(IPNetwork.Parse("127.0.0.1/32"), "issue 13 spec", "spec");
            await Eventually.HoldsAsync(() => node.Blacklist.TryGet(IPAddress.Loopback, out _), "the listing on the node's own list");
            for (var i = 0; i < Clients; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                await client.ConnectAsync(node.SmtpEndPoints[0]).WaitAsync(TimeSpan.FromSeconds(10));
            }

            await Eventually.HoldsAsync(() => node.Smtp.Gate.Held == Clients, "every client held");
            Assert.Equal(Clients, node.Sessions.Snapshot().Count(s => s.State == "holding"));
        }
        finally
        {
            Assert.True(await node.StopAsync("test"));
        }

        foreach (var client in clients)
        {
            var text = await ReadToEndAsync(client);
            Assert.StartsWith("220-", text, StringComparison.Ordinal);
            Assert.EndsWith("421 4.3.2 " + node.Settings.Smtp.Hostname + " Service shutting down, closing transmission channel\r\n", text, StringComparison.Ordinal);
            client.Dispose();
        }

        Assert.Equal((Clients, Clients), (node.Smtp.Recent.Count, node.Smtp.Metrics.TotalSessions));
        Assert.Equal(0, node.Smtp.Gate.Held);
    }

    private static async Task<string> ReadToEndAsync(Socket client)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await client.ReceiveAsync(buffer, SocketFlags.None, bound.Token) is var n and > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}

using System.Net.Sockets;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Tests.Support;

namespace ActorTrap.Node.Tests.Hosting;

/// <summary>Issue 16: the greeting a client reads names the configured mail host, or mx.invalid with a warning, never the pod.</summary>
public sealed class NodeHostBannerSpec
{
    private static async Task<(string Banner, LogCapture Logs)> GreetingAsync(params string[] extra)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, [
            "actortrap.admin.listen=\"127.0.0.1:0\"",
            "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            "actortrap.smtp.permit=[]",
            "actortrap.smtp.mode=observe",
            "actortrap.smtp.greet-pause=0",
            $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"",
            "actortrap.dnsbl.zones=[]",
            .. extra,
        ]), _ => null);
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        var logs = new LogCapture();
        await using var node = await NodeHost.StartAsync(loaded.Settings, logs, CancellationToken.None);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(node.SmtpEndPoints[0]).WaitAsync(TimeSpan.FromSeconds(10));
        var text = new StringBuilder();
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!text.ToString().Contains("220 ", StringComparison.Ordinal) || !text.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            var n = await client.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            Assert.True(n > 0, $"closed before the greeting: {text}");
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return (lines.Single(l => l.StartsWith("220 ", StringComparison.Ordinal)), logs);
    }

    [Fact]
    public async Task Issue16_banner_names_the_configured_mail_host()
    {
        var (banner, logs) = await GreetingAsync("actortrap.smtp.hostname=\"mx2.example.org\"");
        Assert.Equal("220 mx2.example.org ESMTP", banner);
        Assert.Empty(logs.Messages(1008));
    }

    [Fact]
    public async Task Issue16_banner_without_a_configured_name_is_not_a_short_machine_name()
    {
        var (banner, logs) = await GreetingAsync();
        var (expected, fellBack) = MailHostName.Default(Environment.MachineName);
        Assert.Equal($"220 {expected} ESMTP", banner);
        if (fellBack)
        {
            Assert.NotEqual($"220 {Environment.MachineName.ToLowerInvariant()} ESMTP", banner);
            Assert.Contains("actortrap.smtp.hostname is not set", Assert.Single(logs.Messages(1008)), StringComparison.Ordinal);
        }
    }
}

using System.Net;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// The whole pipeline in one real node (issue 6's "done when"): a spambot from 127.0.0.9 that talks before the
/// greeting, claims the recipient's domain in HELO and leaves after the 451 without QUIT is scored by its session,
/// merged by the shards into the SQLite store, copied into the node's blacklist, and answered 127.0.0.2 by the
/// node's own DNSBL responder to a real <c>dig</c>; its next connection is held without any DNSBL listing it.
/// </summary>
public sealed class SpambotToDnsblSpec
{
    private const string UpstreamZone = "bl.upstream.test";
    private const string OurZone = "bl.actortrap.test";
    private static readonly IPAddress Spambot = IPAddress.Parse("127.0.0.9");

    [Fact]
    public async Task Spambot_from_127_0_0_9_is_listed_and_dig_gets_127_0_0_2_from_our_zone()
    {
        // The upstream DNSBL lists only its RFC 5782 test entry: 127.0.0.9 is listed by behaviour alone.
        using var upstream = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(UpstreamZone, "127.0.0.2\n"));
        var dnsPort = FreePort.UdpAndTcp();
        using var node = await RunningNode.StartAsync(upstream.ServerSpec, UpstreamZone, settings:
        [
            "actortrap.smtp.greet-pause=1s",
            "actortrap.smtp.quit-wait=1s",
            $"actortrap.publish.dns.listen=[\"127.0.0.1:{dnsPort}\"]",
            $"actortrap.publish.dns.zone=\"{OurZone}\"",
        ]);
        var responder = new IPEndPoint(IPAddress.Loopback, dnsPort);
        Assert.Empty(await Dig.ShortAsync(responder, $"9.0.0.127.{OurZone}"));

        using (var bot = await RawSmtpClient.ConnectAsync(Spambot, node.Smtp))
        {
            await bot.SendAsync("EHLO victim.example"); // before the final 220: pregreet
            Assert.True(await bot.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(10)), node.Log);
            Assert.True(await bot.ReadUntilLineAsync("250 ", TimeSpan.FromSeconds(10)), string.Join("\n", bot.Lines.Select(l => $"{l.At} {l.Line}")) + "\n" + node.Log);
            foreach (var line in new[] { "MAIL FROM:<boss@victim.example>", "RCPT TO:<staff@victim.example>", "DATA" })
            {
                await bot.SendAsync(line);
                Assert.True(await bot.ReadUntilLineAsync(line == "DATA" ? "451" : "250", TimeSpan.FromSeconds(10)), node.Log);
            }
        } // hangs up without QUIT

        var answer = await EventuallyAsync(async () => await Dig.ShortAsync(responder, $"9.0.0.127.{OurZone}"), a => a.Count > 0, node);
        Assert.Equal(["127.0.0.2"], answer);
        var txt = await Dig.ShortAsync(responder, $"9.0.0.127.{OurZone}", "TXT");
        Assert.Contains(txt, t => t.Contains("pregreet", StringComparison.Ordinal) && t.Contains("no-quit", StringComparison.Ordinal));
        Assert.Equal(["127.0.0.2"], await Dig.ShortAsync(responder, $"2.0.0.127.{OurZone}")); // RFC 5782 test entry
        Assert.Empty(await Dig.ShortAsync(responder, $"1.0.0.127.{OurZone}"));

        // The next connection from the spambot is held from our own list, though no DNSBL lists it.
        using var again = await RawSmtpClient.ConnectAsync(Spambot, node.Smtp);
        var sessions = await node.WaitForJsonAsync("/api/sessions?held=true", s => s.GetArrayLength() == 1);
        Assert.Equal("127.0.0.9", sessions[0].GetProperty("client").GetString());
    }

    private static async Task<IReadOnlyList<string>> EventuallyAsync(Func<Task<IReadOnlyList<string>>> probe, Func<IReadOnlyList<string>, bool> done, RunningNode node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var result = await probe();
            if (done(result))
            {
                return result;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the spambot was never listed; node log:\n" + node.Log);
    }
}

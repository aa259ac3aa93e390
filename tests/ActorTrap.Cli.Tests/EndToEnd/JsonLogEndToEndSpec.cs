using System.Net;
using System.Text.Json;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 17: <c>actortrap run</c> with <c>actortrap.log.format = json</c> writes one readable JSON object a line (no
/// <c>\u002B</c>, <c>\u0022</c>), and a real SMTP session on loopback ends with its session line (event 1010), whose
/// client text is escaped.
/// </summary>
public sealed class JsonLogEndToEndSpec
{
    [Fact]
    public async Task Issue17_json_log_is_one_readable_object_a_line_with_a_session_line_for_a_real_session()
    {
        using var node = ActorTrapProcess.Start([
            "run",
            "--set", "actortrap.log.format=json",
            "--set", "actortrap.admin.listen=\"127.0.0.1:0\"",
            "--set", "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            "--set", "actortrap.smtp.hostname=mx.e2e.test",
            "--set", "actortrap.smtp.permit=[]",
            "--set", "actortrap.smtp.greet-pause=200ms",
            // Nothing answers on port 9: the lookup ends unanswered within the budget and the client is not listed.
            "--set", "actortrap.dns.servers=[\"127.0.0.1:9\"]",
            "--set", "actortrap.dns.timeout=100ms",
            "--set", "actortrap.dns.lookup-budget=300ms",
        ]);
        var smtp = await node.WaitForOutputAsync(@"SMTP listening on ([0-9.]+):(\d+)", TimeSpan.FromSeconds(30));
        var server = new IPEndPoint(IPAddress.Parse(smtp.Groups[1].Value), int.Parse(smtp.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

        using (var client = await RawSmtpClient.ConnectAsync(IPAddress.Loopback, server))
        {
            Assert.StartsWith("220 ", await client.ReadReplyAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
            await client.SendAsync("EHLO evil\"<x>+\\");
            Assert.StartsWith("250 ", await client.ReadReplyAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
            await client.SendAsync("QUIT");
            Assert.StartsWith("221 ", await client.ReadReplyAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        }

        await node.WaitForOutputAsync("\"EventId\":1010,", TimeSpan.FromSeconds(30));
        var lines = node.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            Assert.StartsWith("{", line, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u00", line, StringComparison.Ordinal); // '+', '"', '<', '>' as themselves
            using var doc = JsonDocument.Parse(line);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", doc.RootElement.GetProperty("Timestamp").GetString());
        });
        Assert.Contains(lines, l => l.Contains("\"Message\":\"Admin endpoint listening on http://127.0.0.1:", StringComparison.Ordinal));

        var session = Assert.Single(lines, l => l.Contains("\"EventId\":1010,", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(session);
        var root = json.RootElement;
        Assert.Equal(("Information", "ActorTrap.Smtp.Sessions"), (root.GetProperty("LogLevel").GetString(), root.GetProperty("Category").GetString()));
        var state = root.GetProperty("State");
        Assert.Equal("127.0.0.1", state.GetProperty("Client").GetString());
        Assert.Equal("observed", state.GetProperty("Outcome").GetString());
        Assert.True(state.GetProperty("Seconds").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, state.GetProperty("Score").ValueKind);
        Assert.Equal(JsonValueKind.String, state.GetProperty("Sins").ValueKind);
        // The client's quote and backslash are escaped by the node (then by JSON); '<', '>' and '+' stay readable.
        Assert.Equal(@"evil\""<x>+\\", state.GetProperty("Helo").GetString());
        Assert.Contains(@"""Helo"":""evil\\\""<x>+\\\\""", session, StringComparison.Ordinal);
        Assert.StartsWith("Session 127.0.0.1 observed after ", root.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }
}

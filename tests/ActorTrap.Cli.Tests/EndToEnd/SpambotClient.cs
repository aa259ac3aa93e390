using System.Net;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// A spambot as the detector's founding document describes one: it talks before the greeting is over (pregreet),
/// says HELO with the recipient's domain, goes through DATA, gets 451 and hangs up without QUIT.
/// </summary>
internal static class SpambotClient
{
    /// <summary>Runs one session; returns the lines the server sent. Fails if the server never answers 451 to DATA.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(IPAddress source, IPEndPoint server, string recipientDomain)
    {
        var limit = TimeSpan.FromSeconds(10);
        using var client = await RawSmtpClient.ConnectAsync(source, server);
        Expect(await client.ReadUntilLineAsync("220-", limit), client, "the first greeting line");
        await client.SendAsync($"HELO {recipientDomain}"); // before the final 220: pregreet
        Expect(await client.ReadUntilLineAsync("250", limit), client, "250 to HELO");
        await client.SendAsync("MAIL FROM:<offers@bulk-sender.example>");
        Expect(await client.ReadUntilLineAsync("250", limit), client, "250 to MAIL");
        await client.SendAsync($"RCPT TO:<victim@{recipientDomain}>");
        Expect(await client.ReadUntilLineAsync("250", limit), client, "250 to RCPT");
        await client.SendAsync("DATA");
        Expect(await client.ReadUntilLineAsync("451", limit), client, "451 to DATA");
        return [.. client.Lines.Select(l => l.Line)]; // disposing hangs up: no QUIT
    }

    private static void Expect(bool arrived, RawSmtpClient client, string what)
    {
        if (!arrived)
        {
            throw new InvalidOperationException($"the server never sent {what}; it sent:\n{string.Join("\n", client.Lines.Select(l => l.Line))}");
        }
    }
}

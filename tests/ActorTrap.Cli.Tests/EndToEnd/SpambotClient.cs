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

    /// <summary>
    /// Runs one scripted session (see <see cref="SpambotScript"/>) and returns the lines the server sent. Bounded: every
    /// read waits at most 15 s, a silent client at most 60 s for the server to end the session.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunAsync(IPAddress source, IPEndPoint server, SpambotScript script)
    {
        var limit = TimeSpan.FromSeconds(15);
        using var client = await RawSmtpClient.ConnectAsync(source, server);
        Expect(await client.ReadUntilLineAsync("220", limit), client, "a greeting line");
        var greeted = client.Lines[^1].Line.StartsWith("220 ", StringComparison.Ordinal);
        var heloLine = $"HELO {script.Helo}" + (script.BareLf ? "\n" : "\r\n");
        if (script.Pregreet && !greeted)
        {
            await client.SendRawAsync(heloLine); // before the final 220: pregreet
            greeted = await client.ReadUntilLineAsync("220 ", limit);
        }
        else if (!greeted)
        {
            greeted = await client.ReadUntilLineAsync("220 ", limit);
        }

        Expect(greeted, client, "the final 220");
        if (script.NonSmtp)
        {
            await client.SendRawAsync("GET / HTTP/1.0\r\nHost: mx.corpus.test\r\n\r\n");
            await client.ReadUntilClosedAsync(limit);
            return Transcript(client);
        }

        if (!script.Pregreet)
        {
            await client.SendRawAsync(heloLine);
        }

        Expect(await client.ReadReplyAsync(limit) is { } helo && helo.StartsWith('2'), client, "2xx to HELO");
        string[] envelope = [$"MAIL FROM:<{script.From}>", $"RCPT TO:<{script.Recipient}>", "DATA"];
        if (script.Pipelining)
        {
            await client.SendRawAsync(string.Concat(envelope.Select(l => l + "\r\n")));
        }

        string? last = null;
        foreach (var line in envelope)
        {
            if (!script.Pipelining)
            {
                await client.SendAsync(line);
            }

            last = await client.ReadReplyAsync(limit);
            if (last is null || !last.StartsWith('2'))
            {
                break; // DATA's 451, or a refused recipient: the session is over either way
            }
        }

        Expect(last is not null && last.StartsWith('4'), client, "4xx to DATA");
        switch (script.After)
        {
            case AfterRefusal.Quit:
                await client.SendAsync("QUIT");
                await client.ReadUntilClosedAsync(limit);
                break;
            case AfterRefusal.SlowRsetQuit:
                // The client's own pace, not a wait for an outcome: a slow but correct MTA.
                await Task.Delay(TimeSpan.FromSeconds(11));
                try
                {
                    // One command at a time, as a client must when the server offered no PIPELINING.
                    await client.SendAsync("RSET");
                    await client.ReadUntilLineAsync("250", limit);
                    await client.SendAsync("QUIT");
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // The server ended the quit wait first: that is its answer to a slow client.
                }

                await client.ReadUntilClosedAsync(limit);
                break;
            case AfterRefusal.Silent:
                // The server's word ends the wait (421 at the end of its quit wait), or its closing; then the client leaves
                // as a real MTA does after a 421.
                if (await client.ReadUntilLineAsync("421", TimeSpan.FromSeconds(60)))
                {
                    try
                    {
                        await client.SendAsync("QUIT");
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        // Already closed by the server.
                    }
                }

                break;
            case AfterRefusal.Close:
                break; // disposing hangs up: no QUIT
        }

        return Transcript(client);
    }

    private static IReadOnlyList<string> Transcript(RawSmtpClient client) => [.. client.Lines.Select(l => l.Line)];

    private static void Expect(bool arrived, RawSmtpClient client, string what)
    {
        if (!arrived)
        {
            throw new InvalidOperationException($"the server never sent {what}; it sent:\n{string.Join("\n", client.Lines.Select(l => l.Line))}");
        }
    }
}

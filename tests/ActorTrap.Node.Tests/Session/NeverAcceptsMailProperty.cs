using System.Text;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Session;

/// <summary>
/// The product's first promise as a property: for any client input, in any phase, listed or not, with any timing,
/// a session never answers 354, never answers DATA or BDAT with 250, and never takes a message body (bytes in are
/// capped). Random sessions from fixed seeds, so a failure names the seed that reproduces it.
/// </summary>
public sealed class NeverAcceptsMailProperty
{
    private static readonly string[] Vocabulary =
    [
        "EHLO a.example", "HELO b.example", "MAIL FROM:<x@y.example>", "MAIL FROM:<>", "RCPT TO:<a@trap.test>",
        "RCPT TO:<postmaster>", "DATA", "BDAT 100 LAST", "BDAT 0", "RSET", "NOOP", "QUIT", "VRFY root", "STARTTLS",
        "AUTH PLAIN AGFhAGI=", "Subject: hello", ".", "", "GET / HTTP/1.0", "data", "mail from:<a@b.c> SIZE=10",
        "XCLIENT ADDR=1.2.3.4", "EHLO", "DATA DATA", "RCPT TO:<@route:a@b.example>",
    ];

    [Fact]
    public async Task No_input_ever_gets_354_or_a_250_to_data()
    {
        for (var seed = 1; seed <= 150; seed++)
        {
            await RunOneAsync(seed);
        }
    }

    private static async Task RunOneAsync(int seed)
    {
        var random = new Random(seed);
        var listed = random.Next(3) == 0;
        await using var h = new SessionHarness("actortrap.smtp.greet-pause=2s", "actortrap.smtp.hold=3m", "actortrap.smtp.hold-reply-time=10s",
            $"actortrap.smtp.trickle={(random.Next(2) == 0 ? "line" : "byte")}", "actortrap.smtp.trickle-interval=1s");
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed);
        await h.AdvanceAsync(TimeSpan.FromSeconds(12)); // past the greet pause and a held client's greeting
        for (var step = 0; step < 30 && !client.Closed; step++)
        {
            if (random.Next(3) == 0)
            {
                // A burst: several lines at once, random bytes, bare LFs; only the global promises are checked.
                var chunk = new StringBuilder();
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    chunk.Append(random.Next(4) == 0 ? RandomBytes(random) : Vocabulary[random.Next(Vocabulary.Length)]);
                    chunk.Append(random.Next(8) == 0 ? "\n" : "\r\n");
                }

                client.Type(chunk.ToString());
                await h.AdvanceAsync(TimeSpan.FromSeconds(12));
                continue;
            }

            // One command, then wait out any trickle: the last final line written since is its reply.
            var command = Vocabulary[random.Next(Vocabulary.Length)];
            var before = client.Lines.Count;
            client.Type(command + "\r\n");
            await h.AdvanceAsync(TimeSpan.FromSeconds(12));
            var reply = client.Lines.Skip(before).LastOrDefault(l => l.Length >= 4 && l[3] == ' ');
            var verb = command.Split(' ')[0].ToUpperInvariant();
            if (verb is "DATA" or "BDAT" && reply is not null)
            {
                Assert.False(reply.StartsWith("250", StringComparison.Ordinal) || reply.StartsWith("354", StringComparison.Ordinal),
                    $"seed {seed}: {command} got {reply}");
            }
        }

        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        var lines2 = client.Lines;
        Assert.True(client.Closed, $"seed {seed}: session still open after its time was up");
        Assert.DoesNotContain(lines2, l => l.StartsWith("354", StringComparison.Ordinal));
        var verdict = h.SingleVerdict();
        Assert.True(verdict.BytesIn <= SessionActor.MaxBytesIn + 4096, $"seed {seed}: took {verdict.BytesIn} bytes");
        if (listed)
        {
            Assert.DoesNotContain(lines2, l => l.StartsWith("250", StringComparison.Ordinal));
        }
    }

    private static string RandomBytes(Random random)
    {
        var chars = new char[random.Next(1, 80)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0, 256);
        }

        return new string(chars);
    }
}

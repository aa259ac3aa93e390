using System.Net;
using System.Text;
using ActorTrap.Smtp.Analysis;
using ActorTrap.Smtp.Commands;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;
using ActorTrap.Smtp.Proxy;
using ActorTrap.Smtp.Replies;
using Xunit.Abstractions;

namespace ActorTrap.Smtp.Tests.Properties;

/// <summary>
/// A million random and mutated lines through framer, parser, dialogue and HELO analysis, and a million PROXY
/// headers through the parser: nothing throws, no 354 or accepted DATA, every reply ends in CRLF, the framer never
/// holds more than its limit, and memory stays flat. Seeds are fixed so a failure reproduces; the seed and the
/// input are in the failure message.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class FuzzSpec(ITestOutputHelper output)
{
    private const int Iterations = 1_000_000;

    private static readonly string[] CommandSeeds =
    [
        "HELO client.example", "EHLO [192.0.2.1]", "EHLO [IPv6:2001:db8::1]", "MAIL FROM:<user@example.com> SIZE=1000 BODY=8BITMIME",
        "MAIL FROM:<>", "MAIL FROM:<\"quoted \\\" local\"@example.com>", "MAIL FROM:<@a.example,@b.example:u@c.example>",
        "RCPT TO:<postmaster>", "RCPT TO:<victim@[203.0.113.1]> NOTIFY=NEVER", "RCPT TO:<x@y.example> ORCPT=rfc822;x@y.example",
        "DATA", "BDAT 1000 LAST", "RSET", "NOOP hello", "QUIT", "VRFY root", "EXPN staff", "HELP", "STARTTLS", "AUTH PLAIN AGEAYg==",
        "GET / HTTP/1.1", "CONNECT mail.example:25 HTTP/1.0", "User-Agent: fuzz", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2",
    ];

    private static readonly byte[] Interesting = Encoding.Latin1.GetBytes("<>@\":\\[]., \t\r\n\0\u00ff\u0080=-_AZaz09");

    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");
    private static readonly ServerIdentity Us = new(["trap.example"], [IPAddress.Parse("198.51.100.25")]);

    [Fact]
    public void A_million_random_and_mutated_command_lines_never_throw_nor_get_a_message_accepted()
    {
        const int seed = 4_2024;
        var random = new Random(seed);
        var seeds = CommandSeeds.Select(Encoding.Latin1.GetBytes).ToArray();
        var observe = new SmtpDialogueOptions(new SmtpServerReplies("trap.example"), SmtpPolicy.Observe) { MaxErrors = 1_000, MaxCommands = 1_000 };
        var tarpit = new SmtpDialogueOptions(observe.Replies, SmtpPolicy.Tarpit) { MaxErrors = 50, MaxCommands = 200, CloseOnNonSmtp = false };
        var framer = new SmtpLineFramer(128);
        var dialogue = new SmtpDialogue(observe);
        var buffer = new byte[600];
        var valid = 0;
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < Iterations; i++)
        {
            var length = random.Next(4) == 0 ? RandomBytes(random, buffer) : Mutate(random, seeds[random.Next(seeds.Length)], buffer);
            var line = buffer.AsSpan(0, length);
            try
            {
                if (SmtpCommandParser.TryParse(line, out var command, out _))
                {
                    valid++;
                    if (command.Domain is { } helo)
                    {
                        HeloAnalyzer.Analyze(helo, Client, Us, dialogue.RecipientDomains);
                    }
                }

                // The same bytes as a stream chunk: through the framer into the dialogue.
                ReadOnlySpan<byte> input = line;
                SmtpLineStatus status;
                while ((status = framer.Read(ref input, out var framed, out var ending)) != SmtpLineStatus.NeedMoreData)
                {
                    var result = status == SmtpLineStatus.Line ? dialogue.OnLine(framed, ending) : dialogue.OnOverlongLine();
                    Check(result);
                    if (result.Close)
                    {
                        dialogue = new SmtpDialogue(random.Next(2) == 0 ? observe : tarpit);
                    }
                }

                if (framer.BufferedBytes >= framer.MaxLineBytes)
                {
                    throw new InvalidOperationException($"framer holds {framer.BufferedBytes} bytes");
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}, iteration {i}, input {Convert.ToHexString(line)}", e);
            }
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"{Iterations} lines, {valid} valid commands, retained growth {grown} bytes");
        Assert.InRange(grown, long.MinValue, 4 * 1024 * 1024);
        Assert.InRange(valid, Iterations / 20, Iterations);
    }

    [Fact]
    public void A_million_random_and_mutated_PROXY_headers_never_throw_and_never_claim_more_than_they_were_given()
    {
        const int seed = 7_2024;
        var random = new Random(seed);
        var seeds = new[]
        {
            Encoding.ASCII.GetBytes("PROXY TCP4 192.0.2.1 198.51.100.25 40000 25\r\n"),
            Encoding.ASCII.GetBytes("PROXY TCP6 2001:db8::1 2001:db8::25 40000 25\r\n"),
            Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n"),
            Tests.Proxy.ProxyV2Builder.Header(0x21, 0x11, Tests.Proxy.ProxyV2Builder.Inet("192.0.2.1", 1, "198.51.100.25", 25)),
            Tests.Proxy.ProxyV2Builder.Header(0x21, 0x21, Tests.Proxy.ProxyV2Builder.Inet("2001:db8::1", 1, "2001:db8::25", 25),
                Tests.Proxy.ProxyV2Builder.Tlv(0x01, [0x68, 0x32])),
            Tests.Proxy.ProxyV2Builder.Header(0x20, 0x00, []),
        };
        var buffer = new byte[600];
        var counts = new int[3];
        var versions = new int[3];
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < Iterations; i++)
        {
            var length = random.Next(8) == 0 ? RandomBytes(random, buffer) : Mutate(random, seeds[random.Next(seeds.Length)], buffer);
            var data = buffer.AsSpan(0, length);
            try
            {
                ProxyProtocolParser.LooksLikeProxyHeader(data);
                var result = ProxyProtocolParser.Parse(data);
                counts[(int)result.Status]++;
                if (result.Status == ProxyParseStatus.Parsed && (result.Consumed > length || result.Consumed < 15 || result.Header is null))
                {
                    throw new InvalidOperationException($"consumed {result.Consumed} of {length}");
                }

                if (result.Status == ProxyParseStatus.Parsed)
                {
                    versions[result.Header!.Version]++;
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}, iteration {i}, input {Convert.ToHexString(data)}", e);
            }
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"need-more {counts[0]}, parsed {counts[1]} (v1 {versions[1]}, v2 {versions[2]}), invalid {counts[2]}, retained growth {grown} bytes");
        Assert.All(counts, c => Assert.True(c > Iterations / 100));
        // Both versions' parsers are reached by the mutations, not only the shared preamble checks.
        Assert.True(versions[1] > Iterations / 100 && versions[2] > Iterations / 100, $"v1 {versions[1]}, v2 {versions[2]}");
        Assert.InRange(grown, long.MinValue, 4 * 1024 * 1024);
    }

    private static void Check(SmtpDialogueResult result)
    {
        var bytes = result.Reply.Bytes.Span;
        if (bytes.Length < 6 || bytes[^2] != '\r' || bytes[^1] != '\n' || result.Reply.Code is >= 300 and < 400
            || (result.Command?.Verb is SmtpVerb.Data or SmtpVerb.Bdat && result.Reply.Code < 400))
        {
            throw new InvalidOperationException($"bad reply {result.Reply} to {result.Command}");
        }
    }

    private static int RandomBytes(Random random, byte[] buffer)
    {
        var length = random.Next(0, 80);
        for (var i = 0; i < length; i++)
        {
            buffer[i] = random.Next(3) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
        }

        return length;
    }

    // One to four edits of a seed: overwrite, insert, delete, repeat a slice, or cut short.
    private static int Mutate(Random random, byte[] seed, byte[] buffer)
    {
        seed.CopyTo(buffer, 0);
        var length = seed.Length;
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            var at = random.Next(length + 1);
            var b = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
            switch (random.Next(5))
            {
                case 0 when at < length:
                    buffer[at] = b;
                    break;
                case 1 when length < buffer.Length - 1:
                    Array.Copy(buffer, at, buffer, at + 1, length - at);
                    buffer[at] = b;
                    length++;
                    break;
                case 2 when at < length:
                    Array.Copy(buffer, at + 1, buffer, at, length - at - 1);
                    length--;
                    break;
                case 3:
                    var slice = Math.Min(random.Next(1, 40), Math.Min(length - at, buffer.Length - length));
                    if (slice > 0)
                    {
                        Array.Copy(buffer, at, buffer, at + slice, length - at);
                        length += slice;
                    }

                    break;
                default:
                    length = at;
                    break;
            }
        }

        return length;
    }
}

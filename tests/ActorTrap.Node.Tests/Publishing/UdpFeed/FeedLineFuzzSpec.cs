using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using static ActorTrap.Node.Tests.Publishing.UdpFeed.FeedLineSpec;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

/// <summary>
/// Issue 8: a million random and mutated datagrams through the collector's check (size, version, reporter, MAC,
/// fields, replay window, and since issue 18 special-use and allow-listed addresses and the per-minute cap), on a
/// fixed seed and the manual clock. Mutating a signed line only tests the MAC, so half the
/// mutations are made to the body and then signed with the right key: those reach the field parser and the replay
/// guard. Nothing may escape, every result must occur often (so the generator cannot quietly stop reaching a
/// check), the sink gets exactly the accepted lines, and the replay memory stays within its cap.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class FeedLineFuzzSpec(ITestOutputHelper output) : IDisposable
{
    private const int Iterations = 1_000_000;
    private const int MaxSeen = 10_000;
    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes(" ,=-.:0123456789abcdefATF%\n\0\u007f");

    private readonly ManualTimeProvider clock = new(End);
    private readonly CountingSink sink = new();
    private readonly FeedStats stats = new();
    private UdpFeedCollector? collector;

    public void Dispose()
    {
        collector?.Dispose();
        stats.Dispose();
    }

    [Fact]
    public void A_million_random_mutated_and_re_signed_lines_are_each_accepted_or_rejected_with_a_reason_in_bounded_memory()
    {
        const int seed = 9_2026;
        // det-a may report 3 new addresses a minute (of the 5 routable ones below), det-r is revoked, det-x unknown.
        var policy = new FeedPolicy([Reporter(maxNewPerMinute: 3), Reporter("det-r", revoked: true)], [IPNetwork.Parse("13.0.0.0/8")]);
        collector = new UdpFeedCollector(new IPEndPoint(IPAddress.Loopback, 0), policy, TimeSpan.FromSeconds(30), MaxSeen, sink, stats, clock, NullLogger.Instance);
        var random = new Random(seed);
        // The body after "ATF2 KEYID TIME ": node, address, score, sins, mode, outcome, duration, quit.
        var tails = new[]
        {
            Verdict("11.0.2.9"),
            Verdict("2a00:1450::7", 0),
            Verdict("::ffff:11.51.100.3", 12.25, sins: [new Sin(SinKind.DnsblListed, 1), new Sin(SinKind.HeloBareIp, 0.5), new Sin(SinKind.HighestMx, 1)]),
            Verdict("11.0.113.250", 1, sins: [new Sin(SinKind.TrapAddress, 1)]) with { Mode = SessionMode.Drop, Outcome = SessionOutcome.Dropped, QuitSent = true },
            Verdict("11.9.9.9"),
            Verdict("192.0.2.9"),
            Verdict("13.1.2.3"),
        }.Select(v => Tail(FeedLine.Format(v, KeyId, Key))).ToArray();
        var buffer = new byte[700];
        var results = new long[Enum.GetValues<FeedRejection>().Length];
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < Iterations; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var length = (i % 10) switch
            {
                0 => RandomBytes(random, buffer),
                < 5 => Mutate(random, Signed(Body(random, tails)), buffer),
                _ => Sign(buffer, Mutate(random, Body(random, tails), buffer, maxEdits: random.Next(3))),
            };
            var datagram = buffer.AsSpan(0, length);
            try
            {
                results[(int)collector.Accept(datagram)]++;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}, iteration {i}, input {Convert.ToHexString(datagram)}", e);
            }
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        var summary = string.Join(", ", Enum.GetValues<FeedRejection>().Select(r => $"{r} {results[(int)r]}"));
        output.WriteLine($"{Iterations} datagrams: {summary}; sink {sink.Count}; retained growth {grown} bytes");
        Assert.All(Enum.GetValues<FeedRejection>(), r => Assert.True(results[(int)r] > 1_000, summary));
        Assert.Equal(results[(int)FeedRejection.None], sink.Count);
        Assert.Equal(results[(int)FeedRejection.None], stats.Accepted);
        Assert.InRange(grown, long.MinValue, 8 * 1024 * 1024);
    }

    private static string Tail(byte[] line)
    {
        var text = Encoding.ASCII.GetString(line);
        var afterTime = text.IndexOf(' ', text.IndexOf(' ', 5) + 1) + 1;
        return text[afterTime..text.LastIndexOf(' ')];
    }

    // A body stamped within a minute of now, so some fall in the 30 s window and some outside it; a few repeat
    // exactly (same tail, same millisecond) and are replays.
    private byte[] Body(Random random, string[] tails)
    {
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds() + random.Next(-45_000, 45_000) / (random.Next(4) == 0 ? 1 : 1_000);
        var id = random.Next(10) switch
        {
            0 => "det-r",
            1 => "det-x",
            _ => KeyId,
        };
        return Encoding.ASCII.GetBytes($"ATF2 {id} {at.ToString(CultureInfo.InvariantCulture)} {tails[random.Next(tails.Length)]}");
    }

    private static byte[] Signed(byte[] body) => [.. body, (byte)' ', .. Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Key, body)))];

    // Appends " MAC" of buffer[..length] in place; the line may then be longer than a datagram allows (oversized).
    private static int Sign(byte[] buffer, int length)
    {
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(Key, buffer.AsSpan(0, length)));
        buffer[length] = (byte)' ';
        Encoding.ASCII.GetBytes(mac, buffer.AsSpan(length + 1));
        return length + 1 + mac.Length;
    }

    private static int RandomBytes(Random random, byte[] buffer)
    {
        var length = random.Next(4) == 0 ? random.Next(500, 600) : random.Next(0, 120);
        for (var i = 0; i < length; i++)
        {
            buffer[i] = random.Next(3) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
        }

        if (length > 3 && random.Next(2) == 0)
        {
            "ATF"u8.CopyTo(buffer);
            buffer[3] = random.Next(4) == 0 ? (byte)'2' : (byte)'1';
        }

        return length;
    }

    // Up to maxEdits edits of a seed: overwrite, insert, delete, repeat a slice, or cut short. The result stays short
    // enough that a MAC can still be appended within the buffer.
    private static int Mutate(Random random, byte[] seed, byte[] buffer, int maxEdits = 4)
    {
        seed.CopyTo(buffer, 0);
        var length = seed.Length;
        var limit = buffer.Length - 70;
        for (var edits = Math.Min(maxEdits, random.Next(1, 5)); edits > 0; edits--)
        {
            var at = random.Next(length + 1);
            var b = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
            switch (random.Next(5))
            {
                case 0 when at < length:
                    buffer[at] = b;
                    break;
                case 1 when length < limit:
                    Array.Copy(buffer, at, buffer, at + 1, length - at);
                    buffer[at] = b;
                    length++;
                    break;
                case 2 when at < length:
                    Array.Copy(buffer, at + 1, buffer, at, length - at - 1);
                    length--;
                    break;
                case 3:
                    var slice = Math.Min(random.Next(1, 200), Math.Min(length - at, limit - length));
                    if (slice > 0)
                    {
                        Array.Copy(buffer, at, buffer, at + slice, length - at);
                        length += slice;
                    }

                    break;
                case 4:
                    length = at;
                    break;
            }
        }

        return length;
    }

    private sealed class CountingSink : IVerdictSink
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public void Submit(Verdict verdict)
        {
            ArgumentNullException.ThrowIfNull(verdict);
            Interlocked.Increment(ref count);
        }
    }
}

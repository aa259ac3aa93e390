using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorTrap.Dns.Tests.Wire;

/// <summary>Hostile-input property: random and mutated packets never make the reader throw or hang.</summary>
[Collection(AloneCollection.Name)]
public sealed class FuzzSpec(ITestOutputHelper output)
{
    private static readonly byte[][] Seeds = [Packets.Encode(Packets.DnsblAnswer), Packets.Encode(Packets.Everything)];

    [Fact]
    public void A_million_mutated_and_random_packets_parse_or_fail_with_a_reason()
    {
        var random = new Random(20261122);
        var outcomes = new int[Enum.GetValues<DnsParseError>().Length];
        var buffer = new byte[1024];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 1_000_000; i++)
        {
            var packet = Mutate(random, buffer, i);
            DnsMessageReader.TryParse(packet, out var message, out var error);
            Assert.True((message is null) == (error != DnsParseError.None));
            outcomes[(int)error]++;
        }

        // Parsed messages are dropped at once: nothing the reader keeps may grow with the number of packets.
        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine(string.Join(", ", Enum.GetValues<DnsParseError>().Select(e => $"{e} {outcomes[(int)e]}")) + $"; retained growth {grown} bytes");
        Assert.InRange(grown, long.MinValue, 4 * 1024 * 1024);

        // The mutations must reach deep code paths, not only the header checks.
        Assert.True(outcomes[(int)DnsParseError.None] > 10_000, "too few mutated packets parsed");
        Assert.True(outcomes[(int)DnsParseError.BadRecordLength] > 100 && outcomes[(int)DnsParseError.BadPointer] > 100, string.Join(",", outcomes));
    }

    [Fact]
    public void Random_byte_strings_never_throw()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            DnsMessageReader.TryParse(bytes, out var message, out var error);
            return (message is null) == (error != DnsParseError.None);
        }).QuickCheckThrowOnFailure();
    }

    private static ReadOnlySpan<byte> Mutate(Random random, byte[] buffer, int round)
    {
        if (round % 10 == 0)
        {
            var length = random.Next(0, 600);
            random.NextBytes(buffer.AsSpan(0, length));
            return buffer.AsSpan(0, length);
        }

        var seed = Seeds[round % Seeds.Length];
        seed.CopyTo(buffer, 0);
        var n = seed.Length;
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(6))
            {
                case 0: buffer[random.Next(n)] ^= (byte)(1 << random.Next(8)); break;                 // bit flip
                case 1: n = random.Next(0, n); break;                                                    // truncation
                case 2: buffer[4 + (2 * random.Next(4)) + 1] = (byte)random.Next(256); break;          // lying count
                case 3: buffer[random.Next(12, Math.Max(13, n))] = (byte)(0xC0 | random.Next(4)); break; // pointer
                case 4: buffer[random.Next(12, Math.Max(13, n))] = (byte)random.Next(256); break;       // any byte
                default: n = Math.Min(buffer.Length, n + random.Next(1, 40)); break;                   // trailing garbage
            }
        }

        return buffer.AsSpan(0, n);
    }
}

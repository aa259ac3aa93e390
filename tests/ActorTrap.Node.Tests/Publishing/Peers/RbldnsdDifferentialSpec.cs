using System.Net;
using ActorTrap.Dns;
using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Publishing.Rbldnsd;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Tests.Publishing.Support;
using ActorTrap.TestPeers;
using RbldnsdPeer = ActorTrap.TestPeers.Rbldnsd;
using Microsoft.Extensions.Logging.Abstractions;
using static ActorTrap.Node.Tests.Publishing.Support.TestBlacklist;

namespace ActorTrap.Node.Tests.Publishing.Peers;

/// <summary>
/// Our export loaded into a real rbldnsd, and our responder, asked the same names: rbldnsd is the reference for
/// what a DNSBL answers, so every difference is either a bug or a deliberate choice named here.
/// Deliberate: ANY gets only the A record from us (rbldnsd adds the TXT), so ANY is not in the list.
/// </summary>
public sealed class RbldnsdDifferentialSpec
{
    private const string Zone = "bl.example.org";
    private const uint Serial = 1_700_000_000;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestBlacklist blacklist = new(
        Entry("192.0.2.9"),
        Entry("192.0.2.200", ListingClass.Trap, reasons: ["trap-address"]),
        Entry("198.51.96.0/20", ListingClass.Manual, score: 0, reasons: ["operator: snowshoe $pam # range"]),
        Entry("198.51.100.7", ListingClass.Trap, reasons: ["trap-address", "caf\u00e9"]),
        Entry("203.0.113.0/24", reasons: [new string('r', 300)]),
        Entry("127.0.0.0/8", ListingClass.Manual, reasons: ["loopback, to check 127.0.0.1 stays unlisted"]),
        Entry("2001:db8::7"),
        Entry("2001:db8:1::/64", ListingClass.Trap),
        Entry("2001:db8:100::/48", ListingClass.Manual, reasons: ["v6 range"]));

    private static RbldnsdZone CombinedZone(string data) => new(Zone, "combined", "bl.zone", data);

    [Fact]
    public async Task Export_loaded_into_rbldnsd_answers_each_listing_with_its_class_code_and_text()
    {
        var options = PublishTestOptions.Dns(Zone);
        using var rbldnsd = await RbldnsdPeer.StartAsync(CombinedZone(RbldnsdZoneFile.Render(blacklist.Snapshot(), options, Serial, Now)));

        Assert.Equal(["127.0.0.2"], await Dig.ShortAsync(rbldnsd.EndPoint, "9.2.0.192." + Zone));
        Assert.Equal(["127.0.0.3"], await Dig.ShortAsync(rbldnsd.EndPoint, "200.2.0.192." + Zone));
        Assert.Equal(["127.0.0.4"], await Dig.ShortAsync(rbldnsd.EndPoint, "1.100.51.198." + Zone));
        Assert.Equal(["127.0.0.3"], await Dig.ShortAsync(rbldnsd.EndPoint, "7.100.51.198." + Zone));
        Assert.Equal(["\"198.51.97.1 listed by ActorTrap (manual) since 2025-01-01T00:00:00Z: operator: snowshoe $pam # range\""],
            await Dig.ShortAsync(rbldnsd.EndPoint, "1.97.51.198." + Zone, "TXT"));
        Assert.Equal(["127.0.0.2"], await Dig.ShortAsync(rbldnsd.EndPoint, "2.0.0.127." + Zone));
        Assert.Empty(await Dig.ShortAsync(rbldnsd.EndPoint, "1.0.0.127." + Zone));
        Assert.Equal(["127.0.0.3"], await Dig.ShortAsync(rbldnsd.EndPoint, DnsblQueryName.For(IPAddress.Parse("2001:db8:1::abcd"), Zone)));
        Assert.Equal(["ns.bl.example.org. hostmaster.bl.example.org. 1700000000 7200 7200 604800 60"], await Dig.ShortAsync(rbldnsd.EndPoint, Zone, "SOA"));
    }

    [Fact]
    public async Task Rbldnsd_picks_up_the_exporters_atomic_rewrite()
    {
        using var rbldnsd = await RbldnsdPeer.StartAsync(CombinedZone("$TTL 60\n"));
        var path = Path.Combine(rbldnsd.DataDirectory, "bl.zone");
        var options = PublishTestOptions.Bind($"actortrap.publish.dns.zone=\"{Zone}\"", $"actortrap.publish.rbldnsd.path=\"{path}\"");
        using var exporter = new RbldnsdExporter(options.Rbldnsd, options.Dns, TimeProvider.System, NullLogger.Instance);
        Assert.Empty(await Dig.ShortAsync(rbldnsd.EndPoint, "9.2.0.192." + Zone));

        Assert.True(exporter.WriteIfDue(blacklist.Snapshot(), Serial));
        rbldnsd.Reload();

        await Eventually.TrueAsync(() => Dig.ShortAsync(rbldnsd.EndPoint, "9.2.0.192." + Zone).GetAwaiter().GetResult().Count == 1, TimeSpan.FromSeconds(10), "rbldnsd reloading the zone");
        Assert.Equal(["127.0.0.2"], await Dig.ShortAsync(rbldnsd.EndPoint, "9.2.0.192." + Zone));
    }

    [Fact]
    public async Task Responder_and_rbldnsd_fed_the_same_listings_give_the_same_answer_to_every_name_in_the_list()
    {
        var options = PublishTestOptions.Listening(Zone);
        using var rbldnsd = await RbldnsdPeer.StartAsync(CombinedZone(RbldnsdZoneFile.Render(blacklist.Snapshot(), options, Serial, Now)));
        await using var responder = DnsblResponder.Start(options with { RateLimitPerSecond = 0 }, blacklist, TimeProvider.System, NullLogger.Instance, udpWorkers: 1);
        responder.Answerer.Serial = Serial;
        var ours = PublishTestOptions.Loopback4(responder.UdpEndPoints);

        var differences = new List<string>();
        var asked = 0;
        foreach (var (name, type) in Questions())
        {
            foreach (var edns in new ushort[] { 0, 1232 })
            {
                var query = DnsQueries.Query(name, type, id: (ushort)asked, edns: edns);
                var expected = AnswerText.Of(await WireClient.UdpAsync(rbldnsd.EndPoint, query));
                var actual = AnswerText.Of(await WireClient.UdpAsync(ours, query));
                asked++;
                if (expected != actual)
                {
                    differences.Add($"{name} {type} (edns {edns}):\n  rbldnsd: {expected.Replace("\n", "\n           ", StringComparison.Ordinal)}\n  ours:    {actual.Replace("\n", "\n           ", StringComparison.Ordinal)}");
                }
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {asked} answers differ:\n" + string.Join("\n", differences.Take(20)));
        Assert.True(asked > 300, $"only {asked} questions");
    }

    private IEnumerable<(string Name, DnsType Type)> Questions()
    {
        var addresses = new List<IPAddress>();
        foreach (var listing in blacklist.Snapshot())
        {
            addresses.AddRange(Around(listing));
        }

        var random = new Random(5782);
        for (var i = 0; i < 40; i++)
        {
            addresses.Add(new IPAddress([(byte)random.Next(1, 224), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)]));
        }

        addresses.AddRange(new[] { "127.0.0.1", "127.0.0.2", "127.0.0.3", "::ffff:7f00:1", "::ffff:7f00:2", "::ffff:7f00:3", "2001:db8::8", "::1" }.Select(IPAddress.Parse));
        foreach (var address in addresses.Distinct())
        {
            var name = DnsblQueryName.For(address, Zone);
            if (address.IsIPv4MappedToIPv6)
            {
                // DnsblQueryName asks mapped addresses as IPv4; the RFC 5782 IPv6 test entry is asked by its nibbles.
                name = string.Join('.', address.GetAddressBytes().Reverse().SelectMany(b => new[] { "0123456789abcdef"[b & 0xF], "0123456789abcdef"[b >> 4] })) + "." + Zone;
            }

            yield return (name, DnsType.A);
            yield return (name, DnsType.TXT);
        }

        foreach (var type in new[] { DnsType.SOA, DnsType.NS, DnsType.A, DnsType.TXT, DnsType.MX })
        {
            yield return (Zone, type);
        }

        foreach (var odd in new[]
        {
            "2.0.192", "1.9.2.0.192", "256.2.0.192", "0009.2.0.192", "009.2.0.192", "9.2.00.192", "x", "www", "9.2.0.192.x",
            "9.2.0.192.BL.Example.ORG", "0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",
            "2.0.0.0.0.0.G.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",
        })
        {
            var name = odd.EndsWith("ORG", StringComparison.Ordinal) ? odd : odd + "." + Zone;
            yield return (name, DnsType.A);
        }

        yield return ("9.2.0.192." + Zone, DnsType.AAAA);
        yield return (Zone, (DnsType)252); // AXFR
        yield return ("9.2.0.192." + Zone, (DnsType)250); // TSIG
        yield return ("9.2.0.192." + Zone, DnsType.MX);
        yield return ("9.2.0.192.other.example.org", DnsType.A);
        yield return ("example.org", DnsType.SOA);
    }

    /// <summary>A host, or a network's first, second and last address and its neighbours just outside.</summary>
    private static IEnumerable<IPAddress> Around(Listing listing)
    {
        var bytes = listing.Address.GetAddressBytes();
        var bits = bytes.Length * 8;
        var first = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var size = System.Numerics.BigInteger.One << (bits - listing.PrefixLength);
        var max = (System.Numerics.BigInteger.One << bits) - 1;
        foreach (var offset in new[] { System.Numerics.BigInteger.MinusOne, 0, 1, size - 1, size })
        {
            var value = first + offset;
            if (value >= 0 && value <= max)
            {
                var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
                var padded = new byte[bytes.Length];
                raw.CopyTo(padded, padded.Length - raw.Length);
                yield return new IPAddress(padded);
            }
        }
    }
}

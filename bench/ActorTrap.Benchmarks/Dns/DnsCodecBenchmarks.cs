using System.Net;
using ActorTrap.Dns;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Dns;

/// <summary>Parsing the answers a DNSBL lookup gets (as a recursive resolver sends them: compressed names, EDNS0 OPT) and writing a query.</summary>
[MemoryDiagnoser]
public class DnsCodecBenchmarks
{
    private const string Name = "2.0.0.127.zen.spamhaus.org";
    private readonly byte[] query = new byte[300];
    private byte[] listed = [];
    private byte[] nxdomain = [];
    private byte[] txt = [];

    [GlobalSetup]
    public void Setup()
    {
        var a = new DnsQuestion(Name, DnsType.A);
        listed = Write(new DnsMessage(0x1234, Flags, DnsRcode.NoError, [a],
            [new DnsRecord(Name, DnsType.A, 60, new ARecord(IPAddress.Parse("127.0.0.2"))), new DnsRecord(Name, DnsType.A, 60, new ARecord(IPAddress.Parse("127.0.0.4")))],
            [], [], 1232));
        nxdomain = Write(new DnsMessage(0x1234, Flags, DnsRcode.NxDomain, [new DnsQuestion("1.0.0.127.zen.spamhaus.org", DnsType.A)], [],
            [new DnsRecord("zen.spamhaus.org", DnsType.SOA, 150, new SoaRecord("need.to.know.only", "hostmaster.spamhaus.org", 2611240001, 3600, 600, 432000, 10))],
            [], 1232));
        txt = Write(new DnsMessage(0x1234, Flags, DnsRcode.NoError, [new DnsQuestion(Name, DnsType.TXT)],
            [new DnsRecord(Name, DnsType.TXT, 60, new TxtRecord(["Listed by SBL, see https://check.spamhaus.org/sbl/query/SBL2"]))], [], [], 1232));
    }

    private static DnsHeaderFlags Flags => DnsHeaderFlags.Response | DnsHeaderFlags.RecursionDesired | DnsHeaderFlags.RecursionAvailable;

    /// <summary>Bytes of the typical listed answer, for the record.</summary>
    public int ListedBytes => listed.Length;

    [Benchmark(Baseline = true)]
    public DnsMessage? ParseListedAnswer() => DnsMessageReader.TryParse(listed, out var m, out _) ? m : null;

    [Benchmark]
    public DnsMessage? ParseNxdomainWithSoa() => DnsMessageReader.TryParse(nxdomain, out var m, out _) ? m : null;

    [Benchmark]
    public DnsMessage? ParseTxtAnswer() => DnsMessageReader.TryParse(txt, out var m, out _) ? m : null;

    [Benchmark]
    public int WriteQuery() => DnsMessageWriter.WriteQuery(query, 0x1234, new DnsQuestion(Name, DnsType.A));

    private static byte[] Write(DnsMessage message)
    {
        var buffer = new byte[1232];
        return buffer[..DnsMessageWriter.Write(message, buffer)];
    }
}

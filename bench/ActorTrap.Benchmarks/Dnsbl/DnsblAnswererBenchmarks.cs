using ActorTrap.Dns;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing.Dns;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Dnsbl;

/// <summary>One query in, one response out, without sockets: the responder's share of the cost per query.</summary>
[MemoryDiagnoser]
public class DnsblAnswererBenchmarks
{
    private readonly byte[] response = new byte[DnsblAnswerer.ResponseBufferBytes];
    private DnsblAnswerer answerer = null!;
    private byte[] listedA = null!;
    private byte[] unlistedA = null!;
    private byte[] listedTxt = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.GetTempFileName();
        File.WriteAllLines(path, Enumerable.Range(0, 10_000).Select(i => $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"));
        var blacklist = BenchBlacklist.Load(path);
        File.Delete(path);
        var settings = NodeConfig.Load(new ConfigSources(null, ["actortrap.publish.dns.zone=\"bl.bench\""]), _ => null).Settings!;
        answerer = new DnsblAnswerer(settings.Publish.Dns, blacklist, 1);
        listedA = Query("77.0.0.10.bl.bench", DnsType.A);
        unlistedA = Query("77.0.0.11.bl.bench", DnsType.A);
        listedTxt = Query("77.0.0.10.bl.bench", DnsType.TXT);
    }

    [Benchmark(Baseline = true)]
    public int ListedA() => answerer.Answer(listedA, response, udp: true, slip: false, out _);

    [Benchmark]
    public int NotListedA() => answerer.Answer(unlistedA, response, udp: true, slip: false, out _);

    [Benchmark]
    public int ListedTxt() => answerer.Answer(listedTxt, response, udp: true, slip: false, out _);

    private static byte[] Query(string name, DnsType type)
    {
        var buffer = new byte[512];
        return buffer[..DnsMessageWriter.WriteQuery(buffer, 7, new DnsQuestion(name, type), 0)];
    }
}

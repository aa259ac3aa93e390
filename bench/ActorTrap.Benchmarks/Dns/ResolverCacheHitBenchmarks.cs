using System.Net;
using ActorTrap.Benchmarks.Actors;
using ActorTrap.Dns;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Benchmarks.Dns;

/// <summary>
/// DNSBL checks answered from the resolver actor's cache: 1,000 clients already looked up, asked again round-robin
/// (a tarpit's regulars reconnecting). The transport answers from memory, so only the warm-up touches it.
/// </summary>
[MemoryDiagnoser]
public class ResolverCacheHitBenchmarks
{
    private const int Lookups = 1_000_000;
    private const int Clients = 1_000;
    private ActorSystem system = null!;
    private IActorRef resolver = null!;
    private CheckClient[] checks = [];

    /// <summary>Zones asked per client (the reference config enables one; postscreen setups often use three to five).</summary>
    [Params(1, 3)]
    public int Zones { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        system = BenchActorSystem.Create("bench");
        var zones = Enumerable.Range(0, Zones).Select(i => new DnsblZoneOptions($"bl{i}.example", 1, "127.0.0.[2..11]", false, true)).ToList();
        var options = new ResolverOptions(new DnsblOptions(1, zones), TimeSpan.FromSeconds(6), TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(1), 100_000);
        resolver = system.ActorOf(ActorProps.Of(() => new ResolverActor(Listed, options, NullLogger.Instance)), "resolver");
        checks = Enumerable.Range(0, Clients).Select(i => new CheckClient(new IPAddress([10, 0, (byte)(i >> 8), (byte)i]))).ToArray();
        foreach (var check in checks)
        {
            resolver.Ask<DnsblReport>(check, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => BenchActorSystem.TerminateAsync(system, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    /// <summary>One thread telling checks, replies counted by one sink actor: lookups per second through the actor.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public void CachedCheckThroughTheActor()
    {
        using var done = new CountdownEvent(1);
        var sink = system.ActorOf(ActorProps.Of(() => new CountingSink(done, Lookups)));
        for (var i = 0; i < Lookups; i++)
        {
            resolver.Tell(checks[i % Clients], sink);
        }

        done.Wait();
        system.Stop(sink);
    }

    /// <summary>One session's view: Ask and await the reply, one at a time (latency of a cache hit).</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public async Task CachedCheckAskedOneAtATime()
    {
        for (var i = 0; i < 10_000; i++)
        {
            await resolver.Ask<DnsblReport>(checks[i % Clients], TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    private static Task<DnsLookupOutcome> Listed(DnsQuestion q, CancellationToken cancellationToken) =>
        Task.FromResult(DnsLookupOutcome.Of(new DnsMessage(1, DnsHeaderFlags.Response, DnsRcode.NoError, [q],
            [new DnsRecord(q.Name, DnsType.A, 3600, new ARecord(IPAddress.Parse("127.0.0.2")))], [], [], null)));
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using ActorTrap.Benchmarks.Actors;
using ActorTrap.Dns;
using ActorTrap.Dns.Dnsbl;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.TestPeers;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Benchmarks.Dns;

/// <summary>
/// <c>dns-load [--in-flight 256] [--lookups 100000] [--seconds 20]</c>: uncached lookups per second against a real
/// rbldnsd on loopback, every lookup a different address (half of them listed), a fixed number in flight. Runs the
/// resolver's transport (DnsClient) alone, then the resolver actor with it (one zone, so one query per check). Bounded in count and time.
/// Not a BenchmarkDotNet benchmark: it needs a peer process and measures a rate, not a method.
/// </summary>
internal static class RbldnsdLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var inFlight = Option(args, "--in-flight", 256);
        var lookups = Option(args, "--lookups", 100_000);
        var limit = TimeSpan.FromSeconds(Option(args, "--seconds", 20));
        using var bl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set("bl.test",
            "$SOA 60 ns.bl.test. hostmaster.bl.test. 1 3600 600 86400 60\n:127.0.0.2:listed\n10.0.0.0/9\n"));
        Console.WriteLine($"rbldnsd pid {bl.Pid} on {bl.ServerSpec}; {inFlight} in flight, at most {lookups:N0} lookups or {limit.TotalSeconds} s per run");

        using (var client = NewClient(bl.EndPoint))
        {
            await RunAsync("warm-up (client)", inFlight, 5_000, limit, i => Ask(client, i));
        }

        using (var client = NewClient(bl.EndPoint))
        {
            await RunAsync("transport (DnsClient) alone", inFlight, lookups, limit, i => Ask(client, 1_000_000 + i));
            Console.WriteLine($"  client stats: {client.Stats}");
        }

        using (var client = NewClient(bl.EndPoint))
        {
            var system = BenchActorSystem.Create("load");
            var options = new ResolverOptions(new DnsblOptions(1, [new DnsblZoneOptions("bl.test", 1, "127.0.0.2", false, true)]),
                TimeSpan.FromSeconds(6), TimeSpan.Zero, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), 1_000_000);
            var resolver = system.ActorOf(ActorProps.Of(() => new ResolverActor(client.QueryAsync, options, NullLogger.Instance)), "resolver");
            await RunAsync("resolver actor + transport", inFlight, lookups, limit, async i =>
            {
                var report = await resolver.Ask<DnsblReport>(new CheckClient(Address(2_000_000 + i)), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                return report.Zones.All(z => z.Status != ZoneStatus.Error);
            });
            Console.WriteLine($"  client stats: {client.Stats}");
            await BenchActorSystem.TerminateAsync(system, TimeSpan.FromSeconds(10));
        }

        return 0;
    }

    // The in-flight cap is the node's default (actortrap.dns.max-in-flight), above the 256 this load keeps in flight.
    private static DnsTransport NewClient(IPEndPoint server) => new(new DnsTransportOptions([server], TimeSpan.FromSeconds(2), 1, 1000, 10_000), TimeProvider.System);

    private static async Task<bool> Ask(DnsTransport client, int i)
    {
        var outcome = await client.QueryAsync(new DnsQuestion(DnsblQueryName.For(Address(i), "bl.test"), DnsType.A)).ConfigureAwait(false);
        return outcome.Response is { Rcode: DnsRcode.NoError or DnsRcode.NxDomain };
    }

    // 10.x.y.z: unique per lookup, and half of them (10.0.0.0/9) listed.
    private static IPAddress Address(int i) => new([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    private static async Task RunAsync(string label, int inFlight, int lookups, TimeSpan limit, Func<int, Task<bool>> lookup)
    {
        var next = -1;
        var failed = 0;
        var completed = 0;
        var latencies = new double[lookups];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < lookups && clock.Elapsed < limit)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await lookup(i).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref failed);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref completed);
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var done = completed;
        var sorted = latencies.Where(l => l > 0).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {done:N0} lookups in {elapsed.TotalSeconds:F2} s = {done / elapsed.TotalSeconds:N0}/s; failed {failed}; " +
            $"latency p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms, max {sorted.LastOrDefault():F2} ms"));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }
}

using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Actors;

/// <summary>Messages per second through Akka.NET, measured as the in-house kernel was before issue 13: one sender thread into one actor, and two sender threads into 1,000 actors.</summary>
[MemoryDiagnoser]
public class ActorThroughputBenchmarks
{
    private const int Messages = 1_000_000;
    private static readonly object Message = new();
    private ActorSystem system = null!;

    [GlobalSetup]
    public void Setup() => system = BenchActorSystem.Create("bench");

    [GlobalCleanup]
    public void Cleanup() => BenchActorSystem.TerminateAsync(system, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    public void OneActor()
    {
        using var done = new CountdownEvent(1);
        var sink = system.ActorOf(ActorProps.Of(() => new CountingSink(done, Messages)));
        for (var i = 0; i < Messages; i++)
        {
            sink.Tell(Message);
        }

        done.Wait();
        system.Stop(sink);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public void ThousandActors()
    {
        const int actors = 1_000;
        using var done = new CountdownEvent(actors);
        var sinks = new IActorRef[actors];
        for (var i = 0; i < actors; i++)
        {
            sinks[i] = system.ActorOf(ActorProps.Of(() => new CountingSink(done, Messages / actors)));
        }

        Parallel.For(0, 2, part =>
        {
            for (var i = part; i < Messages; i += 2)
            {
                sinks[i % actors].Tell(Message);
            }
        });
        done.Wait();
        foreach (var sink in sinks)
        {
            system.Stop(sink);
        }
    }
}

using ActorTrap.Actors;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Actors;

/// <summary>
/// Memory of idle actors. The retained size (cell, mailbox stub, instance, name, parent's table entry) is measured in
/// setup as the GC.GetTotalMemory delta over 100,000 idle actors and printed as "IdleActorRetainedBytes"; the benchmark
/// itself reports allocations and time to create and stop one actor.
/// </summary>
[MemoryDiagnoser]
public class IdleActorMemoryBenchmarks
{
    private const int Actors = 100_000;
    private const int Batch = 10_000;
    private ActorSystem system = null!;

    public static double MeasureRetainedBytes(ActorSystem system)
    {
        var refs = new IActorRef[Actors];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Actors; i++)
        {
            refs[i] = system.ActorOf(Props.Create(static () => new IdleActor()), "idle-" + i);
        }

        system.WhenIdleAsync().Wait(TimeSpan.FromSeconds(30));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var actor in refs)
        {
            system.Stop(actor);
        }

        system.WhenIdleAsync().Wait(TimeSpan.FromSeconds(30));
        return (after - before - ((long)IntPtr.Size * Actors)) / (double)Actors;
    }

    [GlobalSetup]
    public void Setup()
    {
        system = ActorSystem.Create("bench-memory");
        Console.WriteLine($"// IdleActorRetainedBytes: {MeasureRetainedBytes(system):F0}");
    }

    [GlobalCleanup]
    public void Cleanup() => system.TerminateAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Batch)]
    public void CreateAndStopIdleActor()
    {
        var refs = new IActorRef[Batch];
        for (var i = 0; i < Batch; i++)
        {
            refs[i] = system.ActorOf(Props.Create(static () => new IdleActor()));
        }

        system.WhenIdleAsync().Wait(TimeSpan.FromSeconds(30));
        foreach (var actor in refs)
        {
            system.Stop(actor);
        }

        system.WhenIdleAsync().Wait(TimeSpan.FromSeconds(30));
    }

    private sealed class IdleActor : Actor
    {
        protected override void OnReceive(object message) => Unhandled(message);
    }
}

using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Actors;

/// <summary>
/// Memory of idle actors. The retained size (ref, cell, mailbox, instance, name, parent's children entry) is measured
/// in setup as the GC.GetTotalMemory delta over 100,000 idle actors and printed as "IdleActorRetainedBytes"; the
/// benchmark itself reports allocations and time to create and stop one actor.
/// </summary>
[MemoryDiagnoser]
public class IdleActorMemoryBenchmarks
{
    private const int Actors = 100_000;
    private const int Batch = 10_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ActorSystem system = null!;

    public static double MeasureRetainedBytes(ActorSystem system)
    {
        var refs = new IActorRef[Actors];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Volatile.Read(ref IdleActor.Started);
        for (var i = 0; i < Actors; i++)
        {
            refs[i] = system.ActorOf(ActorProps.Of(static () => new IdleActor()), "idle-" + i);
        }

        IdleActor.WaitUntil(ref IdleActor.Started, started + Actors, Patience);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        StopAll(system, refs);
        return (after - before - ((long)IntPtr.Size * Actors)) / (double)Actors;
    }

    [GlobalSetup]
    public void Setup()
    {
        system = BenchActorSystem.Create("bench-memory");
        Console.WriteLine($"// IdleActorRetainedBytes: {MeasureRetainedBytes(system):F0}");
    }

    [GlobalCleanup]
    public void Cleanup() => BenchActorSystem.TerminateAsync(system, Patience).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Batch)]
    public void CreateAndStopIdleActor()
    {
        var refs = new IActorRef[Batch];
        var started = Volatile.Read(ref IdleActor.Started);
        for (var i = 0; i < Batch; i++)
        {
            refs[i] = system.ActorOf(ActorProps.Of(static () => new IdleActor()));
        }

        IdleActor.WaitUntil(ref IdleActor.Started, started + Batch, Patience);
        StopAll(system, refs);
    }

    private static void StopAll(ActorSystem system, IActorRef[] refs)
    {
        var stopped = Volatile.Read(ref IdleActor.Stopped);
        foreach (var actor in refs)
        {
            system.Stop(actor);
        }

        IdleActor.WaitUntil(ref IdleActor.Stopped, stopped + refs.Length, Patience);
    }

    /// <summary>
    /// No fields, so the instance weighs what the kernel's did. Akka starts an actor asynchronously and has no
    /// "system idle" query (the kernel's WhenIdleAsync), so starts and stops are counted in static counters.
    /// </summary>
    private sealed class IdleActor : UntypedActor
    {
        public static long Started;
        public static long Stopped;

        public static void WaitUntil(ref long counter, long target, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var spin = new SpinWait();
            while (Volatile.Read(ref counter) < target)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{Volatile.Read(ref counter)} of {target} actors within {timeout}");
                }

                spin.SpinOnce();
            }
        }

        protected override void PreStart() => Interlocked.Increment(ref Started);

        protected override void PostStop() => Interlocked.Increment(ref Stopped);

        protected override void OnReceive(object message) => Unhandled(message);
    }
}

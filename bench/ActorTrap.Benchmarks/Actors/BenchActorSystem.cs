using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Benchmarks.Actors;

/// <summary>
/// An Akka actor system set up as a node sets up its own: the reference configuration's <c>actortrap.actors</c>
/// values (throughput 100, the same as the kernel's default, so the figures compare), logging discarded.
/// </summary>
internal static class BenchActorSystem
{
    public static ActorSystem Create(string name)
    {
        var loaded = NodeConfig.Load(ConfigSources.ReferenceOnly, _ => null);
        var settings = loaded.Settings ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        return NodeActorSystem.Create(name, settings.Actors, NullLoggerFactory.Instance);
    }

    /// <summary>Terminates <paramref name="system"/>, failing the run when it has not stopped within <paramref name="timeout"/>.</summary>
    public static async Task TerminateAsync(ActorSystem system, TimeSpan timeout)
    {
        if (!await system.TerminateWithin(timeout).ConfigureAwait(false))
        {
            throw new TimeoutException($"actor system {system.Name} had not terminated within {timeout}");
        }
    }
}

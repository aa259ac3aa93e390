using Akka.Actor;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>Stopping actors and systems within a bound of real time (a virtual clock in a spec cannot hurry a stop).</summary>
internal static class ActorStopping
{
    /// <summary>
    /// Stops <paramref name="actor"/> (its current message finishes, its children stop first, then its PostStop
    /// runs) and waits for it by death watch; false when it had not stopped within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> StopAndWaitAsync(this IActorRef actor, TimeSpan timeout)
    {
        try
        {
            return await actor.GracefulStop(timeout).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Terminates <paramref name="system"/> and waits for it; false when it had not terminated within <paramref name="timeout"/>.</summary>
    public static async Task<bool> TerminateWithin(this ActorSystem system, TimeSpan timeout)
    {
        var terminated = system.Terminate();
        var first = await Task.WhenAny(terminated, Task.Delay(timeout, TimeProvider.System)).ConfigureAwait(false);
        return first == terminated;
    }
}

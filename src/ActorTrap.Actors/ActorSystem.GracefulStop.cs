namespace ActorTrap.Actors;

public sealed partial class ActorSystem
{
    /// <summary>
    /// Stops <paramref name="actor"/> (children first) and completes when it has terminated, or with false after
    /// <paramref name="timeout"/> of real time. Lets a host stop actors in dependency order (sessions before the
    /// aggregator they report to) instead of all siblings at once. An already dead actor completes at once with true.
    /// </summary>
    public async Task<bool> GracefulStopAsync(IActorRef actor, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Volatile.Read(ref terminating) != 0)
        {
            // The whole system is already going down, children first: waiting for it covers this actor too.
            Stop(actor);
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = WhenTerminated.ContinueWith(_ => done.TrySetResult(), TaskScheduler.Default);
        }
        else
        {
            ActorOf(Props.Create(() => new StopWatcher(actor, done)));
        }

        try
        {
            await done.Task.WaitAsync(timeout, TimeProvider.System).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Watches the target, stops it, and completes the promise on its <see cref="Terminated"/>.</summary>
    private sealed class StopWatcher(IActorRef target, TaskCompletionSource done) : Actor
    {
        protected override void PreStart()
        {
            Context.Watch(target);
            Context.System.Stop(target);
        }

        protected override void OnReceive(object message)
        {
            if (message is Terminated t && t.Actor.Equals(target))
            {
                done.TrySetResult();
                Context.Stop(Self);
            }
            else
            {
                Unhandled(message);
            }
        }

        protected override void PostStop() => done.TrySetResult();
    }
}

namespace ActorTrap.Actors;

/// <summary>Request–reply from outside an actor (or piped back inside one).</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary responder as Sender and completes with its first reply.
    /// Fails with <see cref="AskTimeoutException"/> when no reply arrives within <paramref name="timeout"/> (default:
    /// the system's DefaultAskTimeout, on the system's clock), with the cause of a <see cref="StatusFailure"/> reply,
    /// and with <see cref="InvalidCastException"/> when the reply is not a <typeparamref name="T"/>.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var system = ActorSystem.Of(target);
        var limit = timeout ?? system?.Options.DefaultAskTimeout ?? TimeSpan.FromSeconds(5);
        var clock = system?.TimeProvider ?? TimeProvider.System;
        var promise = new PromiseRef(system);
        target.Tell(message, promise);
        object reply;
        try
        {
            reply = await promise.Task.WaitAsync(limit, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AskTimeoutException($"Ask to {target.Path} timed out after {DurationText.Format(limit)} waiting for {typeof(T).Name}");
        }

        return reply switch
        {
            T typed => typed,
            StatusFailure failure => throw failure.Cause,
            _ => throw new InvalidCastException(
                $"Ask to {target.Path} expected a reply of type {typeof(T).Name} but got {reply.GetType().Name}: {reply}"),
        };
    }
}

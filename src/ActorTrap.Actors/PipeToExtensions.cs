namespace ActorTrap.Actors;

/// <summary>Brings the outcome of async work back into an actor as a message, so handlers never await.</summary>
public static class PipeToExtensions
{
    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> <paramref name="success"/>(result)
    /// (default: the result itself) or <paramref name="failure"/>(exception) (default: a <see cref="StatusFailure"/>).
    /// The sender defaults to the calling actor, captured now because the continuation runs outside it.
    /// </summary>
    public static Task PipeTo<T>(
        this Task<T> task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<T, object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        var from = sender ?? (IActorRef?)ActorCell.Current ?? ActorRef.Nobody;
        return task.ContinueWith(
            completed =>
            {
                object message = completed.IsCompletedSuccessfully
                    ? (success is null ? completed.Result! : success(completed.Result))
                    : Failure(completed, failure);
                recipient.Tell(message, from);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>As the generic overload; a plain task's success is <paramref name="success"/>() (default: nothing is sent).</summary>
    public static Task PipeTo(
        this Task task,
        IActorRef recipient,
        IActorRef? sender = null,
        Func<object>? success = null,
        Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        var from = sender ?? (IActorRef?)ActorCell.Current ?? ActorRef.Nobody;
        return task.ContinueWith(
            completed =>
            {
                if (!completed.IsCompletedSuccessfully)
                {
                    recipient.Tell(Failure(completed, failure), from);
                }
                else if (success is not null)
                {
                    recipient.Tell(success(), from);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static object Failure(Task completed, Func<Exception, object>? failure)
    {
        Exception cause = completed.IsCanceled
            ? new TaskCanceledException(completed)
            : completed.Exception!.InnerExceptions.Count == 1 ? completed.Exception.InnerException! : completed.Exception;
        return failure is null ? new StatusFailure(cause) : failure(cause);
    }
}

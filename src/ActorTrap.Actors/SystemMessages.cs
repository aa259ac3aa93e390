namespace ActorTrap.Actors;

/// <summary>
/// Lifecycle messages, kept in an intrusive lock-free stack separate from user messages and processed first.
/// The Next link makes enqueueing allocation-free beyond the message itself.
/// </summary>
internal abstract class SystemMessage
{
    public SystemMessage? Next;
}

internal sealed class CreateMessage : SystemMessage;

internal sealed class TerminateMessage : SystemMessage;

internal sealed class ResumeMessage : SystemMessage;

internal sealed class RecreateMessage(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

internal sealed class FailedMessage(ActorCell child, Exception cause) : SystemMessage
{
    public ActorCell Child { get; } = child;

    public Exception Cause { get; } = cause;
}

internal sealed class ChildTerminatedMessage(ActorCell child) : SystemMessage
{
    public ActorCell Child { get; } = child;
}

internal sealed class WatchMessage(ActorCell watcher) : SystemMessage
{
    public ActorCell Watcher { get; } = watcher;
}

internal sealed class UnwatchMessage(ActorCell watcher) : SystemMessage
{
    public ActorCell Watcher { get; } = watcher;
}

internal sealed class DeathWatchNotification(IActorRef actor) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
}

namespace ActorTrap.Actors;

/// <summary>
/// Base class of every actor. Handlers are synchronous and never run concurrently with each other;
/// async work is piped back with <see cref="PipeToExtensions.PipeTo{T}(Task{T}, IActorRef, IActorRef?, Func{T, object}?, Func{Exception, object}?)"/>.
/// Create actors only through <see cref="Props"/> and ActorOf.
/// </summary>
public abstract class Actor
{
    private readonly ActorCell cell;
    private Action<object>? behaviour;

    /// <summary>The sender of the message being handled; kept here rather than in the cell so the consumer writes no line producers read.</summary>
    internal IActorRef? CurrentSender;

    protected Actor()
    {
        cell = ActorCell.Constructing
            ?? throw new ActorInitializationException("An actor can only be created by ActorOf from Props, not with 'new'.");
    }

    /// <summary>The actor's context: self, sender, parent, children, timers, watch. Use only inside handlers and hooks.</summary>
    protected IActorContext Context => cell;

    protected IActorRef Self => cell;

    /// <summary>The sender of the message being handled; <see cref="ActorRef.Nobody"/> for timer messages and outside tells.</summary>
    protected IActorRef Sender => cell.Sender;

    /// <summary>The initial behaviour, used until <see cref="Become"/> installs another.</summary>
    protected abstract void OnReceive(object message);

    /// <summary>Replaces the current behaviour (e.g. Greeting → Holding → Closing) from the next message on.</summary>
    protected void Become(Action<object> behaviour)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        this.behaviour = behaviour;
    }

    /// <summary>Call from a handler for a message it does not understand: counted and logged, not thrown (except an unhandled <see cref="Terminated"/>, which throws <see cref="DeathPactException"/> as in Akka.NET).</summary>
    protected void Unhandled(object message) => cell.Unhandled(message);

    /// <summary>Runs on the actor's first turn, after the constructor. An exception here stops the actor by default.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs once after the actor stopped (children are already stopped). Exceptions are logged and ignored.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Runs on the failed instance before it is replaced; by default stops all children and calls <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart; by default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    internal void Receive(object message)
    {
        if (behaviour is null)
        {
            OnReceive(message);
        }
        else
        {
            behaviour(message);
        }
    }

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
}

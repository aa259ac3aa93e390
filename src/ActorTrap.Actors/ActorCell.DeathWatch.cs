namespace ActorTrap.Actors;

/// <summary>Death watch: who I watch, who watches me.</summary>
internal sealed partial class ActorCell
{
    private HashSet<IActorRef>? watching;
    private HashSet<ActorCell>? watchedBy;

    public IActorRef Watch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = Resolve(actor);
        if (ReferenceEquals(target, this))
        {
            return actor;
        }

        IActorRef key = (IActorRef?)target ?? actor;
        if (!(watching ??= []).Add(key))
        {
            return actor;
        }

        if (target is null)
        {
            // Nobody and temporary refs never live: the watch is answered at once, as for a dead actor.
            EnqueueInternal(new DeathWatchDelivery(key), key);
        }
        else
        {
            target.SendSystem(new WatchMessage(this));
        }

        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = Resolve(actor);
        IActorRef key = (IActorRef?)target ?? actor;
        if (watching?.Remove(key) == true)
        {
            target?.SendSystem(new UnwatchMessage(this));
        }

        return actor;
    }

    private void OnDeathWatchNotification(IActorRef actor)
    {
        if (watching?.Contains(actor) == true)
        {
            // Queued behind the messages already in the mailbox, and checked again when dequeued so a later Unwatch wins.
            EnqueueInternal(new DeathWatchDelivery(actor), actor);
        }
    }

    private void DeliverTerminated(IActorRef actor)
    {
        if (watching?.Remove(actor) == true)
        {
            this.actor!.CurrentSender = actor;
            this.actor.Receive(new Terminated(actor));
        }
    }

    private void NotifyWatchersAndForgetWatches()
    {
        if (watchedBy is not null)
        {
            foreach (var watcher in watchedBy)
            {
                watcher.SendSystem(new DeathWatchNotification(this));
            }

            watchedBy = null;
        }

        if (watching is not null)
        {
            foreach (var watched in watching)
            {
                (watched as ActorCell)?.SendSystem(new UnwatchMessage(this));
            }

            watching = null;
        }
    }
}

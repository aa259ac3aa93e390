namespace ActorTrap.Actors;

/// <summary>Create, stop and the system-message loop.</summary>
internal sealed partial class ActorCell
{
    private void ProcessSystemMessages()
    {
        while (Volatile.Read(ref systemHead) is not null)
        {
            var message = TakeSystemMessages();
            while (message is not null)
            {
                var next = message.Next;
                message.Next = null;
                if (state == CellState.Terminated)
                {
                    ProcessWhileDead(message);
                }
                else
                {
                    ProcessSystem(message);
                }

                message = next;
            }
        }
    }

    private void ProcessSystem(SystemMessage message)
    {
        switch (message)
        {
            case CreateMessage:
                Create();
                break;
            case TerminateMessage:
                BeginTerminate();
                break;
            case ResumeMessage:
                Resume();
                break;
            case RecreateMessage recreate:
                Restart(recreate.Cause);
                break;
            case FailedMessage failed:
                HandleChildFailure(failed.Child, failed.Cause);
                break;
            case ChildTerminatedMessage terminated:
                HandleChildTerminated(terminated.Child);
                break;
            case WatchMessage watch:
                (watchedBy ??= []).Add(watch.Watcher);
                break;
            case UnwatchMessage unwatch:
                watchedBy?.Remove(unwatch.Watcher);
                break;
            case DeathWatchNotification death:
                OnDeathWatchNotification(death.Actor);
                break;
        }
    }

    private void ProcessWhileDead(SystemMessage message)
    {
        // A watch that reaches a dead actor is answered at once: "already dead" still yields Terminated.
        if (message is WatchMessage watch)
        {
            watch.Watcher.SendSystem(new DeathWatchNotification(this));
        }
    }

    private void Create()
    {
        try
        {
            actor = NewInstance();
            state = CellState.Running;
            actor.InvokePreStart();
        }
        catch (Exception ex)
        {
            state = CellState.Running;
            HandleFailure(ex as ActorInitializationException ?? new ActorInitializationException($"PreStart of {Path} failed: {ex.Message}", ex), null);
        }
    }

    /// <summary>Asks this actor to stop; safe from any thread.</summary>
    internal void Stop()
    {
        stopRequested = true;
        SendSystem(new TerminateMessage());
    }

    private void BeginTerminate()
    {
        if (state is CellState.Terminating or CellState.Terminated)
        {
            return;
        }

        stopRequested = true;
        CancelAllTimers();
        state = CellState.Terminating;
        var children = ChildrenCopy();
        foreach (var child in children)
        {
            child.Stop();
        }

        if (children.Length == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        var instance = actor;
        if (instance is not null)
        {
            try
            {
                instance.InvokePostStop();
            }
            catch (Exception ex)
            {
                Log.HookFailed(System.Logger, ex, "PostStop", Path);
            }
        }

        CancelAllTimers();
        actor = null;
        failedMessage = null;
        restartCause = null;
        state = CellState.Terminated;
        Interlocked.Or(ref ends.Status, Closed);
        DrainToDeadLetters();
        NotifyWatchersAndForgetWatches();
        if (parent is null)
        {
            System.OnGuardianTerminated();
        }
        else
        {
            parent.SendSystem(new ChildTerminatedMessage(this));
        }
    }
}

namespace ActorTrap.Actors;

/// <summary>Failure, the parent's decision, resume and restart.</summary>
internal sealed partial class ActorCell
{
    private void HandleFailure(Exception cause, object? message)
    {
        if (state is CellState.Terminating or CellState.Terminated)
        {
            Log.HookFailed(System.Logger, cause, "Handler during stop", Path);
            return;
        }

        if (state == CellState.Suspended)
        {
            return; // already waiting for the supervisor's decision
        }

        if (parent is null)
        {
            Log.HookFailed(System.Logger, cause, "Guardian", Path);
            return;
        }

        // Suspended: user messages wait in the mailbox until the parent answers with resume, restart or stop.
        state = CellState.Suspended;
        failedMessage = message;
        parent.SendSystem(new FailedMessage(this, cause));
    }

    private void HandleChildFailure(ActorCell child, Exception cause)
    {
        if (!IsLiveChild(child))
        {
            return;
        }

        var strategy = props.SupervisorStrategy ?? (parent is null ? System.Options.GuardianStrategy : SupervisorStrategy.Default);
        Directive directive;
        try
        {
            directive = strategy.Decide(cause);
        }
        catch (Exception ex)
        {
            Log.DeciderFailed(System.Logger, ex, Path, child.Path);
            directive = Directive.Escalate;
        }

        if (directive != Directive.Escalate)
        {
            Log.ActorFailed(System.Logger, cause, child.Path, child.ActorType.Name, directive);
        }

        switch (directive)
        {
            case Directive.Resume:
                child.SendSystem(new ResumeMessage());
                break;
            case Directive.Restart:
                child.RestartStatistics ??= new RestartStatistics();
                if (strategy.TryRecordRestart(child.RestartStatistics, System.TimeProvider.GetUtcNow()))
                {
                    child.SendSystem(new RecreateMessage(cause));
                }
                else
                {
                    var limits = strategy as OneForOneStrategy;
                    Log.RestartBudgetExceeded(System.Logger, child.Path, limits?.MaxRetries ?? 0, limits?.Within ?? TimeSpan.Zero);
                    child.Stop();
                }

                break;
            case Directive.Stop:
                child.Stop();
                break;
            default:
                if (parent is null)
                {
                    Log.EscalatedToGuardian(System.Logger, cause, child.Path);
                    child.Stop();
                }
                else
                {
                    // This actor fails with the child's exception; the child stays suspended until this one is
                    // resumed (which resumes it) or restarted (whose PreRestart stops it by default).
                    HandleFailure(cause, null);
                }

                break;
        }
    }

    private void Resume()
    {
        if (state != CellState.Suspended)
        {
            return;
        }

        if (actor is null)
        {
            BeginTerminate(); // the instance never came to life; there is nothing to resume
            return;
        }

        state = CellState.Running;
        failedMessage = null;
        foreach (var child in ChildrenCopy())
        {
            child.SendSystem(new ResumeMessage());
        }
    }

    private void Restart(Exception cause)
    {
        if (state != CellState.Suspended)
        {
            return;
        }

        CancelAllTimers();
        var old = actor;
        if (old is not null)
        {
            try
            {
                old.InvokePreRestart(cause, failedMessage);
            }
            catch (Exception ex)
            {
                Log.HookFailed(System.Logger, ex, "PreRestart", Path);
            }
        }

        CancelAllTimers(); // PreRestart may have started some
        actor = null;
        failedMessage = null;
        restartCause = cause;
        state = CellState.Restarting;
        // Children being stopped keep their names until they are gone; wait so the new instance can reuse them.
        if (!AnyChildStopping())
        {
            FinishRestart();
        }
    }

    private void FinishRestart()
    {
        var cause = restartCause!;
        restartCause = null;
        try
        {
            actor = NewInstance();
            state = CellState.Running;
            actor.InvokePostRestart(cause);
        }
        catch (Exception ex)
        {
            state = CellState.Running;
            HandleFailure(ex as ActorInitializationException ?? new ActorInitializationException($"PostRestart of {Path} failed: {ex.Message}", ex), null);
        }
    }
}

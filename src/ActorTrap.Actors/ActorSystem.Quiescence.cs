namespace ActorTrap.Actors;

/// <summary>
/// Quiescence: the number of mailboxes that are scheduled or running. Zero means every mailbox is empty and no actor
/// runs (a suspended actor's parent is always scheduled while it decides), which is what tests wait for.
/// </summary>
public sealed partial class ActorSystem
{
    private int activeMailboxes;
    private TaskCompletionSource? idleWaiter;

    /// <summary>True when no mailbox has work and no actor is running, at this moment.</summary>
    public bool IsIdle => Volatile.Read(ref activeMailboxes) == 0;

    /// <summary>
    /// Completes when the system is idle: every mailbox empty and no actor running. Work started outside the
    /// actors (piped tasks, real-clock timers) is not seen; a test drives those explicitly.
    /// </summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var waiter = Volatile.Read(ref idleWaiter);
            if (waiter is null)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiter = Interlocked.CompareExchange(ref idleWaiter, fresh, null) ?? fresh;
            }

            // Checked after the waiter is published, so a turn going idle in between still completes it.
            if (IsIdle)
            {
                return;
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal void OnMailboxScheduled() => Interlocked.Increment(ref activeMailboxes);

    internal void OnMailboxIdle()
    {
        if (Interlocked.Decrement(ref activeMailboxes) == 0)
        {
            Interlocked.Exchange(ref idleWaiter, null)?.TrySetResult();
        }
    }
}

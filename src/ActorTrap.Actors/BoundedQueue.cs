namespace ActorTrap.Actors;

/// <summary>
/// The bounded mailbox. A lock is fine here: bounded mailboxes guard hot spots against floods rather than carry the
/// fast path, and only a lock lets the producer drop the oldest message without breaking single-consumer order.
/// </summary>
internal sealed class BoundedQueue
{
    private readonly Queue<(object Message, IActorRef? Sender)> queue = new();
    private readonly int capacity;
    private readonly MailboxOverflow overflow;

    public BoundedQueue(int capacity, MailboxOverflow overflow)
    {
        this.capacity = capacity;
        this.overflow = overflow;
    }

    public int Count
    {
        get
        {
            lock (queue)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Enqueues; returns the message that had to be dropped, if any. <paramref name="force"/> ignores the capacity (kernel-internal messages).</summary>
    public (object Message, IActorRef? Sender)? Enqueue(object message, IActorRef? sender, bool force, out bool rejected)
    {
        rejected = false;
        lock (queue)
        {
            if (force || queue.Count < capacity)
            {
                queue.Enqueue((message, sender));
                return null;
            }

            if (overflow == MailboxOverflow.DropOldest)
            {
                var oldest = queue.Dequeue();
                queue.Enqueue((message, sender));
                return oldest;
            }

            rejected = overflow == MailboxOverflow.Reject;
            return (message, sender);
        }
    }

    public bool TryDequeue(out object message, out IActorRef? sender)
    {
        lock (queue)
        {
            if (queue.TryDequeue(out var item))
            {
                (message, sender) = item;
                return true;
            }
        }

        message = null!;
        sender = null;
        return false;
    }
}

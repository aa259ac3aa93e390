namespace ActorTrap.Actors;

/// <summary>The mailbox: a lock-free MPSC linked queue for user messages (or a bounded queue) and an intrusive stack for system messages.</summary>
internal sealed partial class ActorCell
{
    private const int Scheduled = 1;
    private const int Closed = 2;

    // Counting a deep mailbox walks it; the snapshot stops here and reports the cap.
    private const int MaxCountedDepth = 100_000;

    private readonly BoundedQueue? bounded;
    private readonly MailboxEnds ends; // Head: producers swap themselves in; Tail: the consumer's position, Tail.Next is the oldest message
    private SystemMessage? systemHead;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(message, sender ?? (IActorRef?)current ?? ActorRef.Nobody, force: false);
    }

    /// <summary>Kernel messages to self (timers, death watch): never dropped by a bounded mailbox.</summary>
    internal void EnqueueInternal(object message, IActorRef sender) => Enqueue(message, sender, force: true);

    internal void SendSystem(SystemMessage message)
    {
        var top = Volatile.Read(ref systemHead);
        while (true)
        {
            message.Next = top;
            var seen = Interlocked.CompareExchange(ref systemHead, message, top);
            if (ReferenceEquals(seen, top))
            {
                break;
            }

            top = seen;
        }

        ScheduleIfIdle();
    }

    internal int MailboxDepth
    {
        get
        {
            if (bounded is not null)
            {
                return bounded.Count;
            }

            // Racy by design: nodes are never reused, so following Next from a stale tail still ends at the head.
            var count = 0;
            var node = Volatile.Read(ref ends.Tail).Next;
            while (node is not null && count < MaxCountedDepth)
            {
                count++;
                node = Volatile.Read(ref node.Next);
            }

            return count;
        }
    }

    private void Enqueue(object message, IActorRef sender, bool force)
    {
        if ((Volatile.Read(ref ends.Status) & Closed) != 0)
        {
            if (message is not AutoReceivedMessage)
            {
                System.DeadLetters.Publish(message, sender, this, "recipient stopped");
            }

            return;
        }

        if (bounded is null)
        {
            var node = new MessageNode(message, sender);
            var previous = Interlocked.Exchange(ref ends.Head, node);
            Volatile.Write(ref previous.Next, node);
        }
        else
        {
            var dropped = bounded.Enqueue(message, sender, force, out var rejected);
            if (dropped is { } drop)
            {
                System.DeadLetters.Publish(drop.Message, drop.Sender, this, rejected ? "mailbox full, rejected" : "mailbox full, dropped");
                if (rejected && drop.Sender is { } replyTo && replyTo is not NobodyRef)
                {
                    replyTo.Tell(new StatusFailure(new MailboxFullException($"The mailbox of {Path} is full; message {drop.Message.GetType().Name} rejected.")), this);
                }

                if (ReferenceEquals(drop.Message, message))
                {
                    return;
                }
            }
        }

        // If the cell closed meanwhile, the scheduled turn drains this message to dead letters.
        ScheduleIfIdle();
    }

    private bool TryDequeue(out object message, out IActorRef? from)
    {
        if (bounded is not null)
        {
            return bounded.TryDequeue(out message, out from);
        }

        var last = ends.Tail;
        var next = Volatile.Read(ref last.Next);
        if (next is null)
        {
            if (ReferenceEquals(Volatile.Read(ref ends.Head), last))
            {
                message = null!;
                from = null;
                return false;
            }

            // A producer has swapped the head but not linked its node yet: it is between two instructions.
            var spin = default(SpinWait);
            while ((next = Volatile.Read(ref last.Next)) is null)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        // The node becomes the new stub; its fields are cleared once per turn (ClearStub), not per message,
        // so the consumer does not write into lines the producer is still filling.
        ends.Tail = next;
        message = next.Message!;
        from = next.Sender;
        return true;
    }

    /// <summary>Lets the last handled message be collected while the actor idles.</summary>
    private void ClearStub()
    {
        var stub = ends.Tail;
        stub.Message = null;
        stub.Sender = null;
    }

    private bool HasUserMessages()
        => bounded is null ? !ReferenceEquals(Volatile.Read(ref ends.Head), ends.Tail) : bounded.Count > 0;

    private SystemMessage? TakeSystemMessages()
    {
        // The stack is newest-first; reverse it so system messages keep their send order.
        var taken = Interlocked.Exchange(ref systemHead, null);
        SystemMessage? ordered = null;
        while (taken is not null)
        {
            var next = taken.Next;
            taken.Next = ordered;
            ordered = taken;
            taken = next;
        }

        return ordered;
    }
}

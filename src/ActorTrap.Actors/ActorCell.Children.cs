namespace ActorTrap.Actors;

/// <summary>Children, names and the snapshot. The table is locked because the guardian's is written from any thread and snapshots read it while actors run.</summary>
internal sealed partial class ActorCell
{
    private Dictionary<string, ActorCell>? children;

    public IActorRef ActorOf(Props props, string? name = null) => CreateChild(props, name);

    public IActorRef? Child(string name)
    {
        var table = Volatile.Read(ref children);
        if (table is null)
        {
            return null;
        }

        lock (table)
        {
            return table.TryGetValue(name, out var child) ? child : null;
        }
    }

    public IReadOnlyList<IActorRef> Children => ChildrenCopy();

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Resolve(actor)?.Stop();
    }

    internal ActorCell CreateChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        name = name is null ? "$" + System.NextAutoName() : ValidateName(name);
        var child = new ActorCell(System, this, name, props);
        var table = Volatile.Read(ref children);
        if (table is null)
        {
            Interlocked.CompareExchange(ref children, new Dictionary<string, ActorCell>(StringComparer.Ordinal), null);
            table = children!;
        }

        lock (table)
        {
            if (!table.TryAdd(name, child))
            {
                throw new InvalidActorNameException($"Actor name '{name}' is not unique under {Path}: a live child already has it.");
            }
        }

        child.SendSystem(new CreateMessage());
        return child;
    }

    internal ActorCell? FindChild(string name) => (ActorCell?)Child(name);

    internal ActorSnapshot Snapshot(int depthLeft)
    {
        ActorSnapshot[] kids = [];
        if (depthLeft > 0)
        {
            var copy = ChildrenCopy();
            Array.Sort(copy, static (a, b) => string.CompareOrdinal(a.name, b.name));
            kids = Array.ConvertAll(copy, child => child.Snapshot(depthLeft - 1));
        }

        return new ActorSnapshot(Path, props.ActorType.Name, MailboxDepth, MessagesProcessed, kids);
    }

    private static string ValidateName(string name)
    {
        if (name.Length == 0 || name.Length > 255 || name[0] == '$' || name.Any(c => c == '/' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new InvalidActorNameException(
                $"Actor name '{name}' is invalid: use 1 to 255 characters without '/', spaces or control characters, not starting with '$' (reserved for generated names).");
        }

        return name;
    }

    private ActorCell[] ChildrenCopy()
    {
        var table = Volatile.Read(ref children);
        if (table is null)
        {
            return [];
        }

        lock (table)
        {
            return [.. table.Values];
        }
    }

    private bool IsLiveChild(ActorCell child)
    {
        var table = Volatile.Read(ref children);
        if (table is null)
        {
            return false;
        }

        lock (table)
        {
            return table.TryGetValue(child.name, out var found) && ReferenceEquals(found, child);
        }
    }

    private bool AnyChildStopping() => ChildrenCopy().Any(static child => child.stopRequested);

    private void HandleChildTerminated(ActorCell child)
    {
        var table = Volatile.Read(ref children);
        int remaining;
        if (table is null)
        {
            remaining = 0;
        }
        else
        {
            lock (table)
            {
                if (table.TryGetValue(child.name, out var found) && ReferenceEquals(found, child))
                {
                    table.Remove(child.name);
                }

                remaining = table.Count;
            }
        }

        if (state == CellState.Restarting && !AnyChildStopping())
        {
            FinishRestart();
        }
        else if (state == CellState.Terminating && remaining == 0)
        {
            FinishTerminate();
        }
    }
}

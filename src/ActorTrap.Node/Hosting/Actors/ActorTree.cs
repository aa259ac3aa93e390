using Akka.Actor;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>
/// The live actor tree of an Akka system for <c>ctl actors</c> and the actor gauges: path, actor type and mailbox
/// depth of every actor under a path, read from the actor cells (Akka keeps no tree of its own to query).
/// </summary>
internal static class ActorTree
{
    /// <summary>The subtree at <paramref name="fromPath"/> (default <c>/user</c>), at most <paramref name="maxDepth"/> levels below it; null when no actor lives there.</summary>
    public static ActorSnapshot? Snapshot(ActorSystem system, string? fromPath = null, int maxDepth = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        var start = Find(system, string.IsNullOrEmpty(fromPath) ? "/user" : fromPath);
        return start is null ? null : Take(start, maxDepth);
    }

    private static ActorRefWithCell? Find(ActorSystem system, string path)
    {
        if (system is not ExtendedActorSystem extended || extended.Provider.RootGuardian is not ActorRefWithCell root)
        {
            return null;
        }

        var current = root;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.GetSingleChild(name) is not ActorRefWithCell child || child.IsNobody())
            {
                return null;
            }

            current = child;
        }

        return current.Underlying.IsTerminated ? null : current;
    }

    private static ActorSnapshot Take(ActorRefWithCell actor, int depth)
    {
        var cell = actor.Underlying;
        IReadOnlyList<ActorSnapshot> children = depth == 0
            ? []
            : [.. actor.Children.OfType<ActorRefWithCell>()
                .Where(c => !c.Underlying.IsTerminated)
                .OrderBy(c => c.Path.Name, NaturalOrder.Instance)
                .Select(c => Take(c, depth - 1))];
        return new ActorSnapshot(actor.Path.ToStringWithoutAddress(), TypeName(cell), cell.NumberOfMessages, children);
    }

    private static string TypeName(ICell cell) =>
        cell.Props?.Type?.Name is { Length: > 0 } name ? name : "Guardian";
}

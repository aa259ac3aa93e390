using System.Collections.Concurrent;

namespace ActorTrap.Node.Session;

/// <summary>
/// The live sessions, for the admin API (<c>ctl sessions</c>). A session actor publishes an immutable
/// <see cref="SessionInfo"/> whenever what it shows changes, and removes it when it ends: admin threads read those
/// snapshots, never an actor's fields. Each hold pool registers once as the source of all the clients it holds,
/// listed only when asked, so 18,000 held clients cost no snapshot while nobody asks.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<long, SessionInfo> live = new();
    private readonly ConcurrentDictionary<ISessionSource, byte> sources = new();

    public int Count => live.Count + sources.Keys.Sum(s => s.Count);

    /// <summary>Shows a session as it is now, replacing what it showed before (called by the session actor only).</summary>
    public void Publish(SessionInfo session) => live[session.Id] = session;

    /// <summary>Forgets a session's own snapshot (at its end, or by a hold pool once it lists the client itself).</summary>
    public void Remove(long id) => live.TryRemove(id, out _);

    public void AddSource(ISessionSource source) => sources[source] = 0;

    public void RemoveSource(ISessionSource source) => sources.TryRemove(source, out _);

    /// <summary>A moment's copy of every live session's state.</summary>
    public IReadOnlyList<SessionInfo> Snapshot()
    {
        var all = new List<SessionInfo>(live.Count);
        foreach (var source in sources.Keys)
        {
            source.AddTo(all);
        }

        // A client being handed to a hold pool can be seen in both places for a moment: the pool's entry wins.
        all.AddRange(live.Values);
        return [.. all.DistinctBy(i => i.Id).OrderBy(i => i.Id)];
    }
}

/// <summary>Many sessions behind one registration (a hold pool); <see cref="AddTo"/> may be called from any thread.</summary>
internal interface ISessionSource
{
    int Count { get; }

    void AddTo(List<SessionInfo> into);
}

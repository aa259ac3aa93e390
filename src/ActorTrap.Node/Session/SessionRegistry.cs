using System.Collections.Concurrent;

namespace ActorTrap.Node.Session;

/// <summary>
/// The live sessions, for the admin API (<c>ctl sessions</c>): each session actor registers its own view, and each
/// hold pool registers once as the source of all the clients it holds. The registry copies nothing, so listing 18,000
/// sessions costs no memory while nobody asks.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<long, ISessionView> live = new();
    private readonly ConcurrentDictionary<ISessionSource, byte> sources = new();

    public int Count => live.Count + sources.Keys.Sum(s => s.Count);

    public void Add(ISessionView session) => live[session.Id] = session;

    public void Remove(ISessionView session) => Remove(session.Id);

    /// <summary>Forgets a session's own view (a hold pool calls it once it lists the client itself).</summary>
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
        all.AddRange(live.Values.Select(s => s.Info()));
        return [.. all.DistinctBy(i => i.Id).OrderBy(i => i.Id)];
    }
}

/// <summary>Many sessions behind one registration (a hold pool); <see cref="AddTo"/> may be called from any thread.</summary>
internal interface ISessionSource
{
    int Count { get; }

    void AddTo(List<SessionInfo> into);
}

using System.Collections.Concurrent;

namespace ActorTrap.Node.Session;

/// <summary>
/// The live sessions, for the admin API (<c>ctl sessions</c>). Each session registers its own view; the registry
/// copies nothing, so listing 18,000 sessions costs no memory while nobody asks.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<long, ISessionView> live = new();

    public int Count => live.Count;

    public void Add(ISessionView session) => live[session.Id] = session;

    public void Remove(ISessionView session) => live.TryRemove(session.Id, out _);

    /// <summary>A moment's copy of every live session's state.</summary>
    public IReadOnlyList<SessionInfo> Snapshot() => [.. live.Values.Select(s => s.Info()).OrderBy(i => i.Id)];
}

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>One actor in a live tree snapshot (approximate: taken while actors run). Children are ordered by name.</summary>
public sealed record ActorSnapshot(
    string Path,
    string ActorType,
    int MailboxDepth,
    IReadOnlyList<ActorSnapshot> Children);

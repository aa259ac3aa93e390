namespace ActorTrap.Actors;

/// <summary>A failure as a message: a failed piped task, or a reply that makes an Ask fail with <see cref="Cause"/>.</summary>
public sealed record StatusFailure(Exception Cause);

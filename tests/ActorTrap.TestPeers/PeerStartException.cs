namespace ActorTrap.TestPeers;

/// <summary>A peer did not come up (bad config, port taken on every attempt, not answering in time); the message carries its output.</summary>
public sealed class PeerStartException(string message) : Exception(message);

namespace ActorTrap.TestPeers;

/// <summary>A peer binary is not installed. Tests fail with this rather than skip: scripts/test.sh installs every peer.</summary>
public sealed class PeerMissingException(string message) : Exception(message);

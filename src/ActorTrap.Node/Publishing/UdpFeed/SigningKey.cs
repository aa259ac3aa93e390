namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>A reporter's key id and key, swapped together so that no line is signed with one's id and the other's key.</summary>
internal sealed record SigningKey(string Id, byte[] Key);

using System.Security.Cryptography;
using System.Text;

namespace ActorTrap.Node.Traps;

/// <summary>
/// One configured token key (<c>actortrap.traps.page.keys</c>): its id, carried in clear in every token so that the
/// opener picks the key, and the two keys derived from the secret (one authenticates, one encrypts).
/// </summary>
internal sealed class TrapKey
{
    public TrapKey(byte id, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Id = id;
        var bytes = Encoding.UTF8.GetBytes(secret);
        MacKey = HMACSHA256.HashData(bytes, "actortrap trap-token mac v1"u8);
        StreamKey = HMACSHA256.HashData(bytes, "actortrap trap-token stream v1"u8);
    }

    public byte Id { get; }

    public byte[] MacKey { get; }

    public byte[] StreamKey { get; }
}

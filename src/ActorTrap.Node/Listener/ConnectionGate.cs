using System.Net;

namespace ActorTrap.Node.Listener;

/// <summary>
/// Admission control for SMTP connections: a total cap (so descriptors never run out), a per-client-address cap
/// (a flood from one IP cannot take every slot) and a cap on held connections (a full tarpit sheds new listed
/// clients instead of refusing everyone). Thread-safe; every admit is paired with exactly one release.
/// </summary>
internal sealed class ConnectionGate(int maxConnections, int maxPerIp, int maxHeld)
{
    private int maxConnections = maxConnections;
    private int maxHeld = maxHeld;

    private readonly Dictionary<IPAddress, int> perIp = [];
    private readonly Lock gate = new();
    private int total;
    private int held;

    public int MaxConnections => Volatile.Read(ref maxConnections);

    public int MaxHeld => Volatile.Read(ref maxHeld);

    /// <summary>Sets the caps, once the descriptors the rest of the node needs are known (before accepting).</summary>
    public void Resize(int connections, int held)
    {
        Volatile.Write(ref maxConnections, connections);
        Volatile.Write(ref maxHeld, held);
    }

    public int Open => Volatile.Read(ref total);

    public int Held => Volatile.Read(ref held);

    /// <summary>Takes one connection slot (not yet counted against a client address).</summary>
    public bool TryOpen()
    {
        if (Interlocked.Increment(ref total) <= Volatile.Read(ref maxConnections))
        {
            return true;
        }

        Interlocked.Decrement(ref total);
        return false;
    }

    public void Close() => Interlocked.Decrement(ref total);

    /// <summary>Counts a connection against <paramref name="client"/>; false when the client already has its maximum.</summary>
    public bool TryAddClient(IPAddress client)
    {
        client = Normalize(client);
        lock (gate)
        {
            var n = perIp.GetValueOrDefault(client);
            if (n >= maxPerIp)
            {
                return false;
            }

            perIp[client] = n + 1;
            return true;
        }
    }

    public void RemoveClient(IPAddress client)
    {
        client = Normalize(client);
        lock (gate)
        {
            if (perIp.TryGetValue(client, out var n))
            {
                if (n <= 1)
                {
                    perIp.Remove(client);
                }
                else
                {
                    perIp[client] = n - 1;
                }
            }
        }
    }

    public int ConnectionsFrom(IPAddress client)
    {
        lock (gate)
        {
            return perIp.GetValueOrDefault(Normalize(client));
        }
    }

    public bool TryHold()
    {
        if (Interlocked.Increment(ref held) <= Volatile.Read(ref maxHeld))
        {
            return true;
        }

        Interlocked.Decrement(ref held);
        return false;
    }

    public void ReleaseHold() => Interlocked.Decrement(ref held);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

using System.Net;

namespace ActorTrap.Node.Traps;

/// <summary>
/// A token bucket per client address for the trap page: <c>burst</c> pages at once, then <c>perMinute</c>. The table
/// holds at most <c>maxClients</c>; when full, clients whose bucket has refilled (idle, so nothing to remember) are
/// forgotten, at most once a second, and while none are, new clients are refused: memory stays bounded whatever the
/// flood. Thread-safe (one lock: a page request is cheap next to it).
/// </summary>
internal sealed class PageRateLimiter(int perMinute, int burst, int maxClients, TimeProvider time)
{
    private readonly Dictionary<IPAddress, Bucket> clients = [];
    private readonly double perSecond = perMinute / 60.0;
    private long lastSweep = long.MinValue;

    /// <summary>Clients remembered now (never more than the cap).</summary>
    public int Count
    {
        get
        {
            lock (clients)
            {
                return clients.Count;
            }
        }
    }

    public int MaxClients => maxClients;

    /// <summary>True when <paramref name="client"/> may have a page now (and takes one token).</summary>
    /// <param name="tableFull">Set when the client was refused because the table is full of active clients.</param>
    public bool TryTake(IPAddress client, out bool tableFull)
    {
        ArgumentNullException.ThrowIfNull(client);
        tableFull = false;
        var now = time.GetTimestamp();
        lock (clients)
        {
            if (!clients.TryGetValue(client, out var bucket))
            {
                if (clients.Count >= maxClients && !Sweep(now))
                {
                    tableFull = true;
                    return false;
                }

                bucket = new Bucket(burst, now);
            }
            else
            {
                bucket = Refill(bucket, now);
            }

            var allowed = bucket.Tokens >= 1;
            clients[client] = allowed ? bucket with { Tokens = bucket.Tokens - 1 } : bucket;
            return allowed;
        }
    }

    private Bucket Refill(Bucket bucket, long now) =>
        new(Math.Min(burst, bucket.Tokens + (time.GetElapsedTime(bucket.At, now).TotalSeconds * perSecond)), now);

    /// <returns>True when room was made.</returns>
    private bool Sweep(long now)
    {
        if (lastSweep != long.MinValue && time.GetElapsedTime(lastSweep, now) < TimeSpan.FromSeconds(1))
        {
            return false;
        }

        lastSweep = now;
        var idle = clients.Where(c => Refill(c.Value, now).Tokens >= burst).Select(c => c.Key).ToList();
        foreach (var key in idle)
        {
            clients.Remove(key);
        }

        return clients.Count < maxClients;
    }

    private readonly record struct Bucket(double Tokens, long At);
}

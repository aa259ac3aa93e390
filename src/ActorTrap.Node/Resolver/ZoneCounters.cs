namespace ActorTrap.Node.Resolver;

/// <summary>
/// One DNSBL zone's client checks since start. Written by the resolver actor, read by /metrics and
/// <c>/api/dns/stats</c> from other threads, hence the interlocked fields.
/// </summary>
internal sealed class ZoneCounters(string zone)
{
    private long checks;
    private long listed;
    private long errors;
    private long cacheHits;
    private long skipped;

    public string Zone { get; } = zone;

    /// <summary>Client checks that asked this zone (from the cache or the network).</summary>
    public long Checks => Interlocked.Read(ref checks);

    public long Listed => Interlocked.Read(ref listed);

    /// <summary>Checks with no usable answer: timeout, error code, an RFC 5782 error answer, the lookup budget ran out.</summary>
    public long Errors => Interlocked.Read(ref errors);

    /// <summary>Checks answered from the resolver's cache without a query.</summary>
    public long CacheHits => Interlocked.Read(ref cacheHits);

    /// <summary>Checks that skipped the zone because its self-test had disabled it.</summary>
    public long Skipped => Interlocked.Read(ref skipped);

    public void Checked(ZoneStatus status)
    {
        if (status == ZoneStatus.Disabled)
        {
            Interlocked.Increment(ref skipped);
            return;
        }

        Interlocked.Increment(ref checks);
        if (status == ZoneStatus.Listed)
        {
            Interlocked.Increment(ref listed);
        }
        else if (status == ZoneStatus.Error)
        {
            Interlocked.Increment(ref errors);
        }
    }

    public void CacheHit() => Interlocked.Increment(ref cacheHits);
}

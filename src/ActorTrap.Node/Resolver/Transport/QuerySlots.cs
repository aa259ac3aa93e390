namespace ActorTrap.Node.Resolver.Transport;

/// <summary>
/// The cap on queries holding a socket: a query takes a slot or waits in a bounded queue for at most a given time;
/// beyond the queue it is refused at once, so a flood of lookups cannot exhaust the node's descriptors.
/// </summary>
/// <remarks>Never disposed: queries still finishing after their client was disposed must be able to release their slot.</remarks>
internal sealed class QuerySlots(int maxInFlight, int maxQueued, TimeProvider time)
{
    private readonly SemaphoreSlim slots = new(maxInFlight, maxInFlight);
    private int queued;

    public int InFlight => maxInFlight - slots.CurrentCount;

    public int Queued => Volatile.Read(ref queued);

    /// <returns>Null when a slot was taken (release it with <see cref="Release"/>), else why not.</returns>
    public async ValueTask<string?> TakeAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (slots.Wait(0, CancellationToken.None))
        {
            return null;
        }

        if (Interlocked.Increment(ref queued) > maxQueued)
        {
            Interlocked.Decrement(ref queued);
            return $"too many DNS queries at once ({maxInFlight} in flight, {maxQueued} queued)";
        }

        try
        {
            using var timeout = new CancellationTokenSource(wait, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            await slots.WaitAsync(linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            return cancellationToken.IsCancellationRequested ? "cancelled" : $"no free DNS query slot within {wait.TotalMilliseconds} ms ({maxInFlight} in flight)";
        }
        finally
        {
            Interlocked.Decrement(ref queued);
        }
    }

    public void Release() => slots.Release();
}

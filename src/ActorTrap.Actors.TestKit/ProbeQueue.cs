using System.Diagnostics;

namespace ActorTrap.Actors.TestKit;

/// <summary>What a probe received, waited on with a real-time bound, synchronously (Monitor) or asynchronously.</summary>
internal sealed class ProbeQueue
{
    private readonly Queue<Received> items = new();
    private TaskCompletionSource? signal;

    public int Count
    {
        get
        {
            lock (items)
            {
                return items.Count;
            }
        }
    }

    public void Add(Received received)
    {
        TaskCompletionSource? waiting;
        lock (items)
        {
            items.Enqueue(received);
            Monitor.PulseAll(items);
            waiting = signal;
            signal = null;
        }

        waiting?.TrySetResult();
    }

    public bool TryPeek(out Received received)
    {
        lock (items)
        {
            return items.TryPeek(out received);
        }
    }

    public bool TryTake(TimeSpan max, out Received received)
    {
        var clock = Stopwatch.StartNew();
        lock (items)
        {
            while (!items.TryDequeue(out received))
            {
                var remaining = max - clock.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(items, remaining);
            }

            return true;
        }
    }

    public async Task<Received?> TakeAsync(TimeSpan max)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task wait;
            lock (items)
            {
                if (items.TryDequeue(out var received))
                {
                    return received;
                }

                signal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = signal.Task;
            }

            var remaining = max - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await wait.WaitAsync(remaining).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop once more: a message may have arrived exactly at the deadline.
            }
        }
    }
}

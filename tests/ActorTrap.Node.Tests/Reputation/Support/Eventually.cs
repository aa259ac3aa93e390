namespace ActorTrap.Node.Tests.Reputation.Support;

/// <summary>Waits, bounded in real time, for something another process or connection does (PostgreSQL, NOTIFY).</summary>
internal static class Eventually
{
    public static Task<TimeSpan> HoldsAsync(Func<bool> condition, string what, TimeSpan? limit = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, limit);

    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > (limit ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"gave up waiting for {what} after {started.Elapsed.TotalSeconds:0.0} s");
            }

            await Task.Delay(2);
        }

        return started.Elapsed;
    }
}

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>Waiting on real processes: read again every <c>every</c> (200 ms by default) until a condition holds or a deadline passes, never a sleep for an outcome.</summary>
internal static class Poll
{
    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="limit"/> passes; returns the last read (the caller asserts on it).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow >= deadline)
            {
                return value;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Fails with <paramref name="what"/> unless <paramref name="condition"/> holds within <paramref name="limit"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {limit}: {what}");
            await Task.Delay(50);
        }
    }
}

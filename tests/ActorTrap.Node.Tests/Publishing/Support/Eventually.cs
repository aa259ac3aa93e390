using System.Diagnostics;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>Waits, bounded, for work another thread or process finishes after the last thing a test can observe.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? within = null, string? what = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(10);
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(elapsed.Elapsed < limit, $"{what ?? "condition"} not reached within {limit}");
            await Task.Delay(1);
        }
    }
}

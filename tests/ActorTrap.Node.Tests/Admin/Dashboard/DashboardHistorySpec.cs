using ActorTrap.Node.Admin.Dashboard;
using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Admin.Dashboard;

/// <summary>
/// Issue 17: the node keeps the last hour of what the dashboard's charts draw, so a page opened now is not empty.
/// Virtual time: the samples are taken by the clock's timer as it is advanced.
/// </summary>
public sealed class DashboardHistorySpec
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    private readonly ManualTimeProvider time = new();
    private long sessions;

    private DashboardSample Read() => new(time.GetUtcNow(), Held: 1, new Dictionary<string, long> { ["held"] = sessions }, ShedAtAccept: 0,
        new Dictionary<string, long>(), HeldSeconds: sessions * 1.5, BytesTrickled: sessions);

    [Fact]
    public void Issue17_the_first_sample_is_the_start_and_one_more_is_taken_every_ten_seconds()
    {
        using var history = new DashboardHistory(Read, time, Every, Keep);
        var start = time.GetUtcNow();
        Assert.Equal([start], history.Snapshot().Select(s => s.At));

        sessions = 4;
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Single(history.Snapshot());
        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(10));

        var samples = history.Snapshot();
        Assert.Equal([start, start + Every, start + (2 * Every)], samples.Select(s => s.At));
        Assert.Equal([0L, 4L, 4L], samples.Select(s => s.Sessions["held"]));
    }

    [Fact]
    public void Issue17_after_three_hours_it_holds_the_last_hour_oldest_first_and_no_more()
    {
        using var history = new DashboardHistory(Read, time, Every, Keep);
        for (var i = 0; i < 3 * 360; i++)
        {
            sessions++;
            time.Advance(Every);
        }

        var now = time.GetUtcNow();
        var samples = history.Snapshot();
        Assert.Equal(360, samples.Count);
        Assert.Equal(now, samples[^1].At);
        Assert.Equal(now - Keep + Every, samples[0].At);
        Assert.True(samples.Zip(samples.Skip(1)).All(p => p.Second.At - p.First.At == Every));
        Assert.Equal(3 * 360, samples[^1].Sessions["held"]);
    }

    [Fact]
    public void Issue17_a_disposed_history_takes_no_more_samples()
    {
        var history = new DashboardHistory(Read, time, Every, Keep);
        time.Advance(Every);
        history.Dispose();
        time.Advance(10 * Every);

        Assert.Equal(2, history.Snapshot().Count);
        Assert.Equal(0, time.ArmedTimers);
    }
}

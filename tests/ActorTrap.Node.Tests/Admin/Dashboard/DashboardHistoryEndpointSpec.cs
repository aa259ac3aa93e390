using System.Text.Json;
using ActorTrap.Node.Tests.Publishing.Support;
using ActorTrap.Node.Tests.Support;

namespace ActorTrap.Node.Tests.Admin.Dashboard;

/// <summary>
/// Issue 17: a whole node on virtual time serves the history its dashboard starts from at <c>/api/dashboard/history</c>:
/// a sample at start with every counter at zero, then one every 10 s of the node's clock.
/// </summary>
public sealed class DashboardHistoryEndpointSpec
{
    private readonly VirtualTime clock = new();

    [Fact]
    public async Task Issue17_a_node_serves_a_sample_every_ten_seconds_of_its_clock_from_a_zero_start()
    {
        await using var node = await TestNode.StartAsync(clock, null);
        await clock.AdvanceAsync(TimeSpan.FromSeconds(60));

        var history = JsonDocument.Parse(await node.Http.GetStringAsync(new Uri("/api/dashboard/history", UriKind.Relative))).RootElement;

        Assert.Equal(node.Host.Settings.Node.Name, history.GetProperty("node").GetString());
        Assert.Equal(10, history.GetProperty("everySeconds").GetDouble());
        var samples = history.GetProperty("samples").EnumerateArray().ToList();
        Assert.True(samples.Count >= 7, history.ToString());
        var at = samples.Select(s => s.GetProperty("at").GetDateTimeOffset()).ToList();
        // The node joined the virtual clock after its start, so the first step may be longer; every later one is 10 s.
        Assert.All(at.Skip(1).Zip(at.Skip(2)), p => Assert.Equal(TimeSpan.FromSeconds(10), p.Second - p.First));
        Assert.InRange(clock.GetUtcNow() - at[^1], TimeSpan.Zero, TimeSpan.FromSeconds(10));

        var first = samples[0];
        Assert.Empty(first.GetProperty("sessions").EnumerateObject());
        Assert.Empty(first.GetProperty("sins").EnumerateObject());
        Assert.Equal(0, first.GetProperty("held").GetInt32());
        Assert.Equal(0, first.GetProperty("shedAtAccept").GetInt64());
        Assert.Equal(0, first.GetProperty("heldSeconds").GetDouble());
        Assert.Equal(0, first.GetProperty("bytesTrickled").GetInt64());
    }
}

using System.Net;
using ActorTrap.Node.Listener;

namespace ActorTrap.Node.Tests.Listener;

public sealed class ConnectionGateSpec
{
    [Fact]
    public void Total_cap_admits_exactly_max_connections_and_frees_a_slot_on_close()
    {
        var gate = new ConnectionGate(maxConnections: 3, maxPerIp: 10, maxHeld: 3);
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => gate.TryOpen()));
        gate.Close();
        Assert.True(gate.TryOpen());
        Assert.Equal(3, gate.Open);
    }

    [Fact]
    public void Per_ip_cap_counts_ipv4_and_its_mapped_ipv6_form_as_one_client()
    {
        var gate = new ConnectionGate(100, maxPerIp: 2, maxHeld: 10);
        Assert.True(gate.TryAddClient(IPAddress.Parse("192.0.2.1")));
        Assert.True(gate.TryAddClient(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.False(gate.TryAddClient(IPAddress.Parse("192.0.2.1")));
        Assert.True(gate.TryAddClient(IPAddress.Parse("192.0.2.2")));
        gate.RemoveClient(IPAddress.Parse("192.0.2.1"));
        Assert.True(gate.TryAddClient(IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public void Held_cap_refuses_past_max_held()
    {
        var gate = new ConnectionGate(100, 10, maxHeld: 1);
        Assert.True(gate.TryHold());
        Assert.False(gate.TryHold());
        gate.ReleaseHold();
        Assert.True(gate.TryHold());
    }

    [Fact]
    public void Concurrent_admissions_never_exceed_the_cap()
    {
        var gate = new ConnectionGate(maxConnections: 500, maxPerIp: 1_000_000, maxHeld: 1);
        var admitted = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (gate.TryOpen())
            {
                Interlocked.Increment(ref admitted);
            }
        });
        Assert.Equal(500, admitted);
        Assert.Equal(500, gate.Open);
    }

    [Theory]
    [InlineData(0, 1000, 20000, 30, 18970)]   // derived from the limit: 20,000 - 30 open - 1,000 reserve
    [InlineData(5000, 1000, 20000, 30, 5000)] // configured below what the limit allows
    [InlineData(50000, 1000, 20000, 30, 18970)] // configured above: the limit wins, descriptors never run out
    [InlineData(0, 1000, 512, 30, 1)]         // a tiny limit still serves one
    public void Connection_cap_keeps_the_reserve_below_the_open_file_limit(int configured, int reserve, int limit, int open, int expected)
    {
        Assert.Equal(expected, FileLimit.ConnectionCap(configured, reserve, limit, open));
    }

    [Fact]
    public void Open_file_limit_is_read_from_proc()
    {
        var limit = FileLimit.SoftLimit();
        Assert.InRange(limit, 64, int.MaxValue);
        Assert.InRange(FileLimit.OpenNow(), 3, limit);
    }
}

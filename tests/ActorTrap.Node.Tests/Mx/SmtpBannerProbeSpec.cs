using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using ActorTrap.Node.Mx;

namespace ActorTrap.Node.Tests.Mx;

/// <summary>Issue 15: the probe against real loopback listeners; its timeout is a token on the manual clock.</summary>
public sealed class SmtpBannerProbeSpec
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Issue15_a_220_banner_is_answering()
    {
        await using var primary = new PrimaryMx(answering: true);
        var (state, detail) = await SmtpBannerProbe.RunAsync("127.0.0.1", primary.Port, CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(ProbeState.Answering, state);
        Assert.Contains("220", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue15_a_listener_that_accepts_and_stays_silent_is_not_answering_at_the_timeout()
    {
        await using var primary = new PrimaryMx(answering: false);
        var clock = new ManualTimeProvider();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), clock);
        var probe = SmtpBannerProbe.RunAsync("127.0.0.1", primary.Port, timeout.Token);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(probe.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var (state, detail) = await probe.WaitAsync(Bound);
        Assert.Equal(ProbeState.NotAnswering, state);
        Assert.Contains("no greeting", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue15_a_closed_port_is_not_answering()
    {
        var (state, detail) = await SmtpBannerProbe.RunAsync("127.0.0.1", PrimaryMx.ClosedPort(), CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(ProbeState.NotAnswering, state);
        Assert.Contains("ConnectionRefused", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue15_another_greeting_code_is_not_answering()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var probe = SmtpBannerProbe.RunAsync("127.0.0.1", port, CancellationToken.None);
        using (var peer = await listener.AcceptTcpClientAsync().WaitAsync(Bound))
        {
            await peer.GetStream().WriteAsync("554 go away\r\n"u8.ToArray()).AsTask().WaitAsync(Bound);
            var (state, detail) = await probe.WaitAsync(Bound);
            Assert.Equal(ProbeState.NotAnswering, state);
            Assert.Contains("554 go away", detail, StringComparison.Ordinal);
        }
    }
}

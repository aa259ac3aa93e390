using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Dns;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Tests.Publishing.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ActorTrap.Node.Tests.Publishing.Support.DnsQueries;
using static ActorTrap.Node.Tests.Publishing.Support.TestBlacklist;

namespace ActorTrap.Node.Tests.Publishing.Dns;

public sealed class DnsblResponderSpec
{
    private readonly TestBlacklist blacklist = new(Entry("192.0.2.9"), Entry("2001:db8::7"));

    private DnsblResponder Start(TimeProvider? time = null, params string[] overrides) => StartWith(time, null, overrides);

    private DnsblResponder StartWith(TimeProvider? time, bool? batched, params string[] overrides) =>
        DnsblResponder.Start(PublishTestOptions.Listening("bl.example.org", overrides), blacklist, time ?? TimeProvider.System, NullLogger.Instance, udpWorkers: 2, batched);

    [Fact]
    public void Linux_batches_datagrams_with_recvmmsg_and_sendmmsg()
    {
        Assert.Equal(OperatingSystem.IsLinux(), MmsgBatch.IsSupported);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Udp_and_tcp_on_IPv4_and_IPv6_answer_alike_on_one_port_each(bool batched)
    {
        if (batched && !MmsgBatch.IsSupported)
        {
            return;
        }

        await using var responder = StartWith(null, batched);
        Assert.Equal(2, responder.UdpEndPoints.Count);
        Assert.Equal(responder.UdpEndPoints.Select(e => e.ToString()), responder.TcpEndPoints.Select(e => e.ToString()));

        foreach (var server in responder.UdpEndPoints)
        {
            foreach (var name in new[] { "9.2.0.192.bl.example.org", ActorTrap.Dns.Dnsbl.DnsblQueryName.For(IPAddress.Parse("2001:db8::7"), "bl.example.org") })
            {
                var udp = await WireClient.UdpAsync(server, Query(name, DnsType.A));
                var tcp = await WireClient.TcpAsync(server, Query(name, DnsType.A));
                Assert.Equal(IPAddress.Parse("127.0.0.2"), ((ARecord)Assert.Single(udp.Answers).Data).Address);
                Assert.Equal(udp.Answers, tcp!.Answers);
            }

            Assert.Equal(DnsRcode.NxDomain, (await WireClient.UdpAsync(server, Query("8.2.0.192.bl.example.org", DnsType.A))).Rcode);
        }
    }

    [Fact]
    public async Task Tcp_connection_answers_several_queries_in_order()
    {
        await using var responder = Start();
        using var socket = await WireClient.ConnectAsync(responder.TcpEndPoints[0]);

        await WireClient.SendTcpAsync(socket, Query("9.2.0.192.bl.example.org", DnsType.A, id: 1));
        await WireClient.SendTcpAsync(socket, Query("8.2.0.192.bl.example.org", DnsType.A, id: 2));
        await WireClient.SendTcpAsync(socket, Query("bl.example.org", DnsType.SOA, id: 3));

        var responses = new[] { await WireClient.ReceiveTcpAsync(socket), await WireClient.ReceiveTcpAsync(socket), await WireClient.ReceiveTcpAsync(socket) };
        Assert.Equal([1, 2, 3], responses.Select(r => (int)r!.Id));
        Assert.Equal([DnsRcode.NoError, DnsRcode.NxDomain, DnsRcode.NoError], responses.Select(r => r!.Rcode));
    }

    [Fact]
    public async Task Idle_tcp_connection_is_closed_after_the_idle_timeout_on_the_injected_clock()
    {
        var clock = new ManualTimeProvider();
        await using var responder = Start(clock, "actortrap.publish.dns.tcp-idle-timeout=10s");
        using var socket = await WireClient.ConnectAsync(responder.TcpEndPoints[0]);
        await WireClient.SendTcpAsync(socket, Query("9.2.0.192.bl.example.org", DnsType.A));
        Assert.NotNull(await WireClient.ReceiveTcpAsync(socket));

        // The idle timer of the next read is armed once the answer is sent; advancing past it closes the connection.
        // Other timers may be armed too, so on a busy machine the first advance can come before the idle timer is
        // armed: advance again (bounded) until the server closes.
        await WaitUntilAsync(() => clock.ArmedTimers > 0);
        var buffer = new byte[2];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            clock.Advance(TimeSpan.FromSeconds(11));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                Assert.Equal(0, await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, wait.Token));
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Fail("the idle connection was not closed after five idle timeouts of virtual time");
    }

    [Fact]
    public async Task Tcp_connections_over_the_cap_are_closed_at_accept()
    {
        await using var responder = Start(null, "actortrap.publish.dns.tcp-max-connections=2");
        using var first = await WireClient.ConnectAsync(responder.TcpEndPoints[0]);
        using var second = await WireClient.ConnectAsync(responder.TcpEndPoints[0]);
        await WireClient.SendTcpAsync(first, Query("9.2.0.192.bl.example.org", DnsType.A));
        await WireClient.SendTcpAsync(second, Query("9.2.0.192.bl.example.org", DnsType.A));
        Assert.NotNull(await WireClient.ReceiveTcpAsync(first));
        Assert.NotNull(await WireClient.ReceiveTcpAsync(second));

        using var third = await WireClient.ConnectAsync(responder.TcpEndPoints[0]);
        Assert.Null(await WireClient.ReceiveTcpAsync(third));
        Assert.Equal(1, responder.Stats.TcpRefused);
    }

    [Fact]
    public async Task Source_over_its_rate_gets_every_second_answer_truncated_and_the_rest_dropped_until_the_clock_refills_it()
    {
        var clock = new ManualTimeProvider();
        await using var responder = Start(clock, "actortrap.publish.dns.rate-limit=5", "actortrap.publish.dns.rate-limit-burst=4");
        var server = PublishTestOptions.Loopback4(responder.UdpEndPoints);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        for (var i = 0; i < 10; i++)
        {
            await socket.SendToAsync(Query("9.2.0.192.bl.example.org", DnsType.A, id: (ushort)i), SocketFlags.None, server);
        }

        // 4 from the burst, then slip, drop, slip, drop, slip, drop.
        var answers = new List<DnsMessage>();
        for (var i = 0; i < 7; i++)
        {
            answers.Add(await ReceiveAsync(socket));
        }

        await WaitUntilAsync(() => responder.Stats.Total(DnsOutcome.RateLimitedDropped) == 3);
        Assert.Equal(4, answers.Count(a => a.Answers.Count == 1));
        Assert.Equal(3, answers.Count(a => a.Flags.HasFlag(DnsHeaderFlags.Truncated) && a.Answers.Count == 0));
        Assert.Equal(3, responder.Stats.Total(DnsOutcome.RateLimitedSlipped));

        clock.Advance(TimeSpan.FromSeconds(1)); // five more tokens
        await socket.SendToAsync(Query("9.2.0.192.bl.example.org", DnsType.A, id: 99), SocketFlags.None, server);
        var refilled = await ReceiveAsync(socket);
        Assert.Equal((99, 1), (refilled.Id, refilled.Answers.Count));
    }

    [Fact]
    public async Task Flood_of_garbage_datagrams_leaves_the_responder_answering()
    {
        // Without a rate limit: with one, the flood would (rightly) use up this source's budget.
        await using var responder = Start(null, "actortrap.publish.dns.rate-limit=0");
        var server = PublishTestOptions.Loopback4(responder.UdpEndPoints);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(7);
        var packet = new byte[600];
        for (var i = 0; i < 5_000; i++)
        {
            random.NextBytes(packet);
            packet[2] &= 0x7F; // queries, not responses, so that most get this far
            await socket.SendToAsync(packet.AsMemory(0, random.Next(packet.Length)), SocketFlags.None, server);
        }

        var answer = await WireClient.UdpAsync(server, Query("9.2.0.192.bl.example.org", DnsType.A));
        Assert.Single(answer.Answers);
        Assert.True(responder.Stats.Total(DnsOutcome.FormErr) + responder.Stats.Total(DnsOutcome.Dropped) > 0);
    }

    [Fact]
    public async Task Dig_sees_127_0_0_2_for_127_0_0_9_once_it_is_listed()
    {
        await using var responder = Start();
        var server = PublishTestOptions.Loopback4(responder.UdpEndPoints);

        Assert.Equal("", await DigAsync(server, "9.0.0.127.bl.example.org"));
        blacklist.Add(Entry("127.0.0.9"));
        Assert.Equal("127.0.0.2", await DigAsync(server, "9.0.0.127.bl.example.org"));
        Assert.Contains("listed by ActorTrap", await DigAsync(server, "9.0.0.127.bl.example.org", "TXT"), StringComparison.Ordinal);
    }

    private static async Task<string> DigAsync(IPEndPoint server, string name, string type = "A")
    {
        using var dig = Process.Start(new ProcessStartInfo("dig", $"@{server.Address} -p {server.Port} {name} {type} +short +tries=1 +time=3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var output = await dig.StandardOutput.ReadToEndAsync(cts.Token);
        await dig.WaitForExitAsync(cts.Token);
        Assert.Equal(0, dig.ExitCode);
        return output.Trim();
    }

    private static async Task<DnsMessage> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(WireClient.Patience);
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Parse(buffer.AsSpan(0, n));
    }

    /// <summary>Waits, bounded, for work another thread does after the last observable event (a counter, an armed timer).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < WireClient.Patience, "condition not reached in time");
            await Task.Yield();
        }
    }
}

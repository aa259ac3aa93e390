using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using System.Collections.Concurrent;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Session;
using ActorTrap.Node.Session.Hold;

namespace ActorTrap.Node.Tests.Session.Hold;

/// <summary>
/// The hold pool with thousands of real loopback connections on the manual clock: held, trickled, 421 at the end, a
/// client that leaves noticed within one trickle interval, exactly one verdict each, the caps and the registry exact.
/// </summary>
public sealed class HoldPoolSpec : IAsyncDisposable
{
    private const int N = 2000;
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private readonly SessionHarness h = new("actortrap.smtp.hold=100s", "actortrap.smtp.trickle-interval=10s", "actortrap.smtp.hold-reply-time=30s");
    private readonly CountingSink sink = new();
    private readonly ConnectionGate gate = new(N, N, N);
    private readonly LoopbackClients clients = new();
    private IActorRef pool = ActorRefs.Nobody;

    [Fact]
    public async Task Thousands_of_held_clients_are_trickled_and_sent_421_at_the_end_with_one_verdict_each()
    {
        await HoldAllAsync();
        Assert.Equal(N, gate.Held);
        Assert.Equal(N, h.Registry.Snapshot().Count(s => s.State == "holding"));

        await h.AdvanceAsync(30 * S);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(string.Concat(Enumerable.Repeat("220-mx.trap.test ESMTP\r\n", 3)) + "220 mx.trap.test ESMTP\r\n", clients.Read(i).Text);
        }

        await h.AdvanceAsync(69 * S);
        Assert.Empty(sink.Verdicts);
        await h.AdvanceAsync(1 * S);
        for (var i = 0; i < N; i++)
        {
            var (text, closed) = clients.Read(i);
            Assert.True(closed);
            Assert.EndsWith("421 4.7.0 mx.trap.test closing connection, try again later\r\n", text, StringComparison.Ordinal);
        }

        Assert.Equal(N, sink.Verdicts.Count);
        Assert.All(sink.Verdicts, v => Assert.Equal((SessionOutcome.Held, 100 * S), (v.Outcome, v.Duration)));
        Assert.Equal((0, N), (gate.Held, clients.ServerClosed));
        Assert.Empty(h.Registry.Snapshot());
    }

    [Fact]
    public async Task Clients_that_leave_are_noticed_within_one_trickle_interval_even_behind_unread_commands()
    {
        await HoldAllAsync();
        await h.AdvanceAsync(5 * S);
        // What the dashboard reads every 10 s without walking the held clients: each pool adds and removes its own.
        Assert.Equal(N * 5 * S, h.Metrics.OngoingHeld(h.Clock.GetUtcNow()));
        for (var i = 0; i < N; i += 10)
        {
            if (i % 20 == 0)
            {
                clients.Send(i, "EHLO leaving.example\r\n"); // left unread in the server's buffer: the FIN is behind it
            }

            clients.Leave(i);
        }

        await h.AdvanceAsync(5 * S);
        Assert.Equal(N / 10, sink.Verdicts.Count);
        Assert.All(sink.Verdicts, v => Assert.Equal(10 * S, v.Duration));
        Assert.Equal(N / 20, sink.Verdicts.Count(v => v.Helo == "leaving.example"));
        Assert.Equal((N - (N / 10), N / 10), (gate.Held, clients.ServerClosed));
        Assert.Equal(N - (N / 10), h.Registry.Snapshot().Count);
        Assert.Equal((N - (N / 10)) * 10 * S, h.Metrics.OngoingHeld(h.Clock.GetUtcNow()));

        await h.AdvanceAsync(90 * S);
        Assert.Equal(N, sink.Verdicts.Count);
        Assert.Equal(0, gate.Held);
        Assert.Equal(TimeSpan.Zero, h.Metrics.OngoingHeld(h.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_command_gets_a_trickled_451_and_quit_gets_221_without_the_pool_reading_anything()
    {
        await HoldAllAsync(10);
        await h.AdvanceAsync(30 * S); // the greeting is over
        clients.Send(0, "EHLO spam.example\r\n");
        clients.Send(1, "EHLO 192.0.2.1\r\nMAIL FROM:<a@b.example>\r\n");
        clients.Send(2, "QUIT\r\n");
        await h.AdvanceAsync(10 * S);
        Assert.EndsWith("220 mx.trap.test ESMTP\r\n451-4.7.1 Service temporarily unavailable, try again later\r\n", clients.Read(0).Text, StringComparison.Ordinal);
        Assert.EndsWith("221 2.0.0 mx.trap.test closing connection\r\n", clients.Read(2).Text, StringComparison.Ordinal);
        Assert.True(clients.Read(2).Closed);
        Assert.True(Assert.Single(sink.Verdicts).QuitSent);
        Assert.Equal(0, Assert.Single(h.Registry.Snapshot(), s => s.Id == 1).BytesIn); // peeked, never read

        await h.AdvanceAsync(30 * S); // 451 to the EHLO ends at 70 s; client 1's MAIL gets its own reply after
        Assert.EndsWith("451 4.7.1 Service temporarily unavailable, try again later\r\n451-4.7.1 Service temporarily unavailable, try again later\r\n",
            clients.Read(1).Text, StringComparison.Ordinal);

        var watcher = h.Kit.CreateProbe();
        watcher.Watch(pool);
        h.Kit.System.Stop(pool);
        await watcher.ExpectTerminatedAsync(pool);
        Assert.Equal(10, sink.Verdicts.Count);
        Assert.Equal(0, gate.Held);
        Assert.Contains(SinKind.Pipelining, Assert.Single(sink.Verdicts, v => v.Helo == "192.0.2.1").Sins.Select(x => x.Kind));
        Assert.Contains(SinKind.HeloBareIp, Assert.Single(sink.Verdicts, v => v.Helo == "192.0.2.1").Sins.Select(x => x.Kind));
        Assert.Single(sink.Verdicts, v => v.Helo == "spam.example");
    }

    [Fact]
    public async Task Stopping_the_pool_sends_421_to_every_held_client_and_emits_every_verdict()
    {
        await HoldAllAsync();
        await h.AdvanceAsync(10 * S);
        var released = await pool.Ask<HoldReleased>(ReleaseHeld.Instance, TimeSpan.FromSeconds(30));
        Assert.Equal(N, released.Count);
        for (var i = 0; i < N; i++)
        {
            var (text, closed) = clients.Read(i);
            Assert.True(closed);
            Assert.EndsWith("421 4.3.2 mx.trap.test Service shutting down, closing transmission channel\r\n", text, StringComparison.Ordinal);
        }

        Assert.Equal((N, 0), (sink.Verdicts.Count, gate.Held));
        Assert.All(sink.Verdicts, v => Assert.Equal(10 * S, v.Duration));
    }

    [Fact]
    public async Task A_client_counted_behind_a_proxy_is_given_back_to_the_per_ip_cap_when_its_hold_ends()
    {
        pool = h.Kit.ActorOf(HoldPool.Props(h.Context with { Gate = gate, Sink = sink }), "hold-spec");
        await clients.OpenAsync(1);
        var real = System.Net.IPAddress.Parse("203.0.113.9"); // named by the PROXY header, counted by the session
        Assert.True(gate.TryHold() && gate.TryAddClient(real));
        var now = h.Clock.GetUtcNow();
        pool.Tell(new HoldClient(1, clients.Servers[0], real, now, now, true, null, [], 0, 0));
        await h.IdleAsync();
        Assert.Equal(1, gate.ConnectionsFrom(real));
        await h.AdvanceAsync(100 * S);
        Assert.Equal((0, 0), (gate.ConnectionsFrom(real), gate.Held));
        Assert.Equal(real, Assert.Single(sink.Verdicts).Client);
    }

    /// <summary>Hands <paramref name="n"/> loopback connections to a fresh pool as sessions do, each with its held slot taken.</summary>
    private async Task HoldAllAsync(int n = N)
    {
        pool = h.Kit.ActorOf(HoldPool.Props(h.Context with { Gate = gate, Sink = sink }), "hold-spec");
        await clients.OpenAsync(n);
        var now = h.Clock.GetUtcNow();
        for (var i = 0; i < n; i++)
        {
            Assert.True(gate.TryHold());
            var connection = clients.Servers[i];
            connection.Send("220-mx.trap.test ESMTP\r\n"u8); // the session's first greeting line
            pool.Tell(new HoldClient(i + 1, connection, connection.Remote.Address, now, now, false, null, [], 0, 24));
        }

        await h.IdleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await h.DisposeAsync();
        clients.Dispose();
    }

    private sealed class CountingSink : IVerdictSink
    {
        private readonly ConcurrentQueue<Verdict> all = new();

        public IReadOnlyList<Verdict> Verdicts => [.. all];

        public void Submit(Verdict verdict) => all.Enqueue(verdict);
    }
}

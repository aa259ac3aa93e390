using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Tests.Support;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Hosting;

/// <summary>Issue 13: the node's actor system is Akka's, configured from the akka section our reader resolved.</summary>
public sealed class NodeActorSystemSpec
{
    private static NodeSettings Load(params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, overrides), _ => null);
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        return loaded.Settings;
    }

    [Fact]
    public async Task Issue13_akka_section_reaches_the_actor_system_and_actortrap_actors_fills_what_it_leaves_out()
    {
        var system = NodeActorSystem.Create("spec", Load("akka.actor.default-dispatcher.throughput=7", "akka.loglevel=ERROR").Actors, NullLoggerFactory.Instance);
        try
        {
            Assert.Equal(7, system.Settings.Config.GetInt("akka.actor.default-dispatcher.throughput"));
            Assert.Equal("ERROR", system.Settings.Config.GetString("akka.loglevel"));
            Assert.Equal(TimeSpan.FromSeconds(5), system.Settings.AskTimeout); // actortrap.actors.ask-timeout
        }
        finally
        {
            await system.TerminateWithin(TimeSpan.FromSeconds(5));
        }

        var plain = NodeActorSystem.Create("spec", Load().Actors, NullLoggerFactory.Instance);
        try
        {
            Assert.Equal(100, plain.Settings.Config.GetInt("akka.actor.default-dispatcher.throughput")); // actortrap.actors.throughput
            Assert.Equal(["ActorTrap.Node.Hosting.Actors.AkkaLogger, ActorTrap.Node"], plain.Settings.Config.GetStringList("akka.loggers"));
        }
        finally
        {
            await plain.TerminateWithin(TimeSpan.FromSeconds(5));
        }
    }

    [Theory]
    [InlineData("20s", 5000)] // the shipped stable-after: Akka's own default gate
    [InlineData("8s", 2000)]
    [InlineData("3s", 1000)] // never below 1 s, where Akka warns of reconnect storms
    [InlineData("10m", 5000)]
    public void Issue14_reconnect_gate_is_a_quarter_of_stable_after_so_a_quarantined_node_hears_of_it_before_its_resolver_acts(string stableAfter, int gateMs)
    {
        var settings = Load($"actortrap.cluster.split-brain.stable-after={stableAfter}");
        var config = NodeActorSystem.Config(settings.Actors, settings.Cluster);
        Assert.Equal(TimeSpan.FromMilliseconds(gateMs), config.GetTimeSpan("akka.remote.retry-gate-closed-for"));
    }

    [Fact]
    public void Issue13_a_section_akka_cannot_accept_is_reported_by_the_check()
    {
        Assert.Null(NodeActorSystem.Check(Load().Actors));
        var refused = NodeActorSystem.Check(Load("akka.loglevel=LOUD").Actors);
        Assert.NotNull(refused);
        Assert.Contains("LOUD", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue13_the_clock_is_the_schedulers_virtual_time_under_the_test_scheduler_and_the_system_clock_otherwise()
    {
        var virtualNode = NodeActorSystem.Create("spec", Load(VirtualTime.SchedulerOverride).Actors, NullLoggerFactory.Instance);
        var real = NodeActorSystem.Create("spec", Load().Actors, NullLoggerFactory.Instance);
        try
        {
            var scheduler = (Akka.TestKit.TestScheduler)virtualNode.Scheduler;
            var clock = virtualNode.Clock();
            var before = clock.GetUtcNow();
            var fired = 0;
            using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20));
            scheduler.Advance(TimeSpan.FromMinutes(19));
            Assert.Equal(0, fired);
            scheduler.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, fired);
            Assert.Equal(before + TimeSpan.FromMinutes(20), clock.GetUtcNow());
            Assert.Equal(TimeSpan.FromMinutes(20), clock.GetElapsedTime(before.UtcTicks, clock.GetTimestamp()));
            Assert.Same(TimeProvider.System, real.Clock());
        }
        finally
        {
            await virtualNode.TerminateWithin(TimeSpan.FromSeconds(5));
            await real.TerminateWithin(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>
    /// The same on a bare system (no node actors to start the scheduler first): 300 new actors each start their first
    /// timer at once in PreStart, and all fire within 5 s. Neither spec reproduced the 25-40 s stall on this machine
    /// with the start-up warm-up taken out (tried 2026-12-06), so they guard the requirement, and the warm-up stays
    /// as the precaution the stall was measured to need.
    /// </summary>
    [Fact]
    public async Task Issue13_three_hundred_actors_starting_their_first_timers_at_once_all_fire_within_5s()
    {
        const int Actors = 300;
        var system = NodeActorSystem.Create("stall-spec", Load().Actors, NullLoggerFactory.Instance);
        try
        {
            using var fired = new CountdownEvent(Actors);
            var watch = Stopwatch.StartNew();
            Parallel.For(0, Actors, i => system.ActorOf(ActorProps.Of(() => new FirstTimer(fired)), "t" + i));
            var all = await Task.Run(() => fired.Wait(TimeSpan.FromSeconds(5)));
            Assert.True(all, $"{fired.CurrentCount} of {Actors} first timers had not fired after {watch.ElapsedMilliseconds} ms");
        }
        finally
        {
            await system.TerminateWithin(TimeSpan.FromSeconds(5));
        }
    }

    private sealed class FirstTimer(CountdownEvent fired) : UntypedActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() => Timers.StartSingleTimer("first", "tick", TimeSpan.FromMilliseconds(20));

        protected override void OnReceive(object message) => fired.Signal();
    }

    /// <summary>
    /// Measured with Akka 1.5.75: hundreds of new actors scheduling their first timers at once blocked the thread
    /// pool for 25-40 s (the scheduler's worker starts on the first timer and blocks its caller). The node starts
    /// it at start-up; on the real scheduler, 300 clients connecting at once each get their first 220- within 5 s.
    /// </summary>
    [Fact]
    public async Task Issue13_three_hundred_clients_connecting_at_once_each_get_their_first_greeting_line_within_5s()
    {
        const int Clients = 300;
        var settings = Load("actortrap.admin.listen=\"127.0.0.1:0\"", "actortrap.smtp.listen=[\"127.0.0.1:0\"]", "actortrap.smtp.permit=[]",
            "actortrap.smtp.max-connections-per-ip=1000", "actortrap.dnsbl.zones=[]",
            $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"");
        var node = await NodeHost.StartAsync(settings, NullLoggerFactory.Instance, CancellationToken.None);
        var sockets = new List<Socket>();
        try
        {
            var watch = Stopwatch.StartNew();
            var greeted = await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                lock (sockets)
                {
                    sockets.Add(socket);
                }

                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await socket.ConnectAsync(node.SmtpEndPoints[0], bound.Token);
                    var buffer = new byte[64];
                    var text = new StringBuilder();
                    while (!text.ToString().Contains("220-", StringComparison.Ordinal))
                    {
                        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token);
                        if (n == 0)
                        {
                            return false;
                        }

                        text.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    }

                    return true;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }));

            Assert.True(greeted.All(g => g), $"{greeted.Count(g => !g)} of {Clients} clients had no 220- within 5 s ({watch.ElapsedMilliseconds} ms in all)");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            await node.StopAsync("spec over");
        }
    }
}

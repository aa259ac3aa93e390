using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 14, a member taken away from a three-node Akka cluster (<see cref="NodeKillCluster"/>) in each of the ways a
/// host loses a process: SIGKILL under a stream of sessions (its shards and the chores singleton move, nothing sent to
/// a survivor is lost, and the recovery time is measured), SIGSTOP past the resolver's stable-after (the others down it,
/// and resumed it exits 3 instead of coming back as a second owner of its shards), and SIGTERM (a graceful leave: exit 0,
/// its shards handed over, nothing sent to it lost).
/// </summary>
[Collection(LoadHeavyCollection.Name)]
public sealed class NodeKillEndToEndSpec(NodeKillCluster cluster, ITestOutputHelper output) : IClassFixture<NodeKillCluster>
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;
    private const int HeldPerNode = 50;
    private const int StreamWorkersPerNode = 3;

    private ClusterNodes Nodes => cluster.Nodes;

    [Fact]
    public async Task Killed_node_s_shards_and_chores_move_to_the_survivors_which_keep_serving_and_lose_no_verdict()
    {
        await Nodes.EnsureAllUpAsync();
        // The chores member is also the oldest, which hosts the shard coordinator: the hardest member to lose.
        var victim = await cluster.ChoresNodeAsync(0);
        var survivors = Nodes.Indexes.Where(i => i != victim).ToArray();
        var held = new List<RawSmtpClient>[Nodes.Count];
        try
        {
            for (var n = 0; n < Nodes.Count; n++)
            {
                held[n] = [];
                for (var c = 0; c < HeldPerNode; c++)
                {
                    held[n].Add(await RawSmtpClient.ConnectAsync(IPAddress.Parse($"127.40.{n}.{c + 1}"), Nodes[n].Smtp));
                }
            }

            foreach (var i in Nodes.Indexes)
            {
                await Nodes[i].WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("held").GetInt32() == HeldPerNode);
            }

            await using var stream = new SessionStream(Nodes, 41, StreamWorkersPerNode);
            await Poll.UntilAsync(() => Nodes.Indexes.All(i => stream.Finished(i) > 0), TimeSpan.FromSeconds(15), "the stream reached every node");
            // An address whose entity lives on the victim just before the kill: its verdicts have nowhere to go until the
            // victim's shards move. Nothing was ever said about it, so its first row in the store is a verdict sent after the kill.
            var probe = (await cluster.AddressesOwnedByAsync(victim, survivors[0], "127.42.0"))[0];

            var clock = Stopwatch.StartNew();
            Nodes[victim].Process.Signal(SigKill);
            // Sessions from the probe address at a survivor from the kill on; the first verdict in the store is its shard answering again.
            using var stopProbing = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var probes = ProbeAsync(probe, Nodes[survivors[0]].Smtp, stopProbing.Token);

            // The victim's clients see their connections end.
            var ended = await Task.WhenAll(held[victim].Select(c => c.ReadUntilClosedAsync(TimeSpan.FromSeconds(5))));
            Assert.All(ended, Assert.True);

            var recovered = await cluster.WaitForStoredVerdictsAsync($"{probe}/32", v => v.Count > 0, TimeSpan.FromSeconds(60));
            Assert.True(recovered.Count > 0, $"no verdict about {probe} (entity on the killed node-{victim}) reached the store within 60 s of the kill");
            var recovery = clock.Elapsed;
            output.WriteLine($"node-{victim} SIGKILLed: its shards answered again (a verdict about {probe} in the store) {recovery.TotalSeconds:0.0} s after the kill " +
                $"(stable-after {ClusterNodes.StableAfter.TotalSeconds:0} s)");
            Assert.Contains(await cluster.EntityNodeAsync(survivors[0], probe), survivors.Select(ClusterNodes.Name));

            // Both survivors see the victim gone and the chores singleton on one of them.
            foreach (var s in survivors)
            {
                var view = await Nodes[s].WaitForJsonAsync("/api/cluster", c => Nodes.Member(c, victim) is null
                    && ClusterNodes.Members(c).Count(m => m.RunsChores) == 1, TimeSpan.FromSeconds(30));
                Assert.Contains(ClusterNodes.Members(view).Single(m => m.RunsChores).Address, survivors.Select(Nodes.Address));
            }

            output.WriteLine($"node-{victim} removed and the chores on a survivor in both survivors' view {clock.Elapsed.TotalSeconds:0.0} s after the kill");

            // The survivors still hold every client they held, and keep answering new sessions.
            var before = survivors.Select(stream.Finished).ToArray();
            await Poll.UntilAsync(() => survivors.Select((s, k) => stream.Finished(s) > before[k]).All(x => x), TimeSpan.FromSeconds(10), "the survivors kept answering");
            foreach (var s in survivors)
            {
                Assert.Equal(HeldPerNode, (await Nodes[s].GetJsonAsync("/api/smtp/stats")).GetProperty("held").GetInt32());
            }

            await stream.StopAsync();
            await stopProbing.CancelAsync();
            var (probesFinished, probesFailed) = await probes;
            Assert.All(survivors, s => Assert.Equal(0, stream.Failed(s)));
            Assert.Equal(0, probesFailed);

            // Every verdict submitted to a survivor is in the store once, those about the victim's entities too (resent
            // once the shards moved): the verdicts of each survivor's clients add up to the sessions it finished.
            var expected = survivors.Select(stream.Finished).Append(probesFinished).ToArray();
            async Task<long[]> StoredAsync() =>
                [.. await StoredPerNodeAsync(stream, survivors), (await cluster.StoredVerdictsAsync($"{probe}/32")).Values.Sum()];

            Assert.Equal(expected, await Poll.UntilAsync(StoredAsync, stored => stored.SequenceEqual(expected), TimeSpan.FromSeconds(30)));
            output.WriteLine($"sessions finished and their verdicts in the store: {string.Join(", ", survivors.Select(s => $"node-{s} {stream.Finished(s)}"))}, " +
                $"probe {probesFinished}; at the victim before the kill {stream.Finished(victim)}");
        }
        finally
        {
            foreach (var c in held.Where(h => h is not null).SelectMany(h => h))
            {
                c.Dispose();
            }
        }
    }

    [Fact]
    public async Task Frozen_node_is_downed_by_the_others_exits_3_when_resumed_and_rejoins_when_started_again()
    {
        await Nodes.EnsureAllUpAsync();
        var chores = await cluster.ChoresNodeAsync(0);
        var victim = Nodes.Indexes.First(i => i != chores);
        var survivors = Nodes.Indexes.Where(i => i != victim).ToArray();
        // Sessions keep arriving at every member: a verdict sent to a survivor while its peer is frozen may reach the frozen
        // node's socket and be taken when it resumes, and again, resent, by its shard's new owner; it must count once.
        await using var stream = new SessionStream(Nodes, 45, StreamWorkersPerNode);
        await Poll.UntilAsync(() => Nodes.Indexes.All(i => stream.Finished(i) > 0), TimeSpan.FromSeconds(15), "the stream reached every node");

        var clock = Stopwatch.StartNew();
        Nodes[victim].Process.Signal(SigStop);
        try
        {
            // Unreachable, then downed by the survivors' resolver once membership was stable for stable-after, then removed.
            foreach (var s in survivors)
            {
                await Nodes[s].WaitForJsonAsync("/api/cluster", c => Nodes.Member(c, victim) is null, TimeSpan.FromSeconds(30));
            }

            output.WriteLine($"node-{victim} SIGSTOPped: downed and removed in both survivors' view {clock.Elapsed.TotalSeconds:0.0} s later");
            Assert.True(clock.Elapsed > ClusterNodes.StableAfter, $"downed after {clock.Elapsed}, before stable-after");
        }
        finally
        {
            Nodes[victim].Process.Signal(SigCont);
        }

        // Resumed, it must not serve as a second owner of its old shards: it finds itself downed and exits 3. Its own
        // resolver, waking with a stale view, must not have downed the survivors to run on as a cluster of its own.
        var resumed = Stopwatch.StartNew();
        var code = await Nodes[victim].Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"node-{victim} resumed: exited with code {code} {resumed.Elapsed.TotalSeconds:0.0} s after SIGCONT");
        var log = Nodes[victim].Log;
        Assert.True(code == 3, $"exit code {code}; log:\n{log}");
        Assert.True(resumed.Elapsed < TimeSpan.FromSeconds(10), $"took {resumed.Elapsed} to exit after SIGCONT");
        Assert.All(survivors, s => Assert.DoesNotContain($"is downing [{Nodes.Address(s)}]", log, StringComparison.Ordinal));

        // The survivors answered throughout, and each verdict submitted to them is in the store exactly once.
        await stream.StopAsync();
        Assert.All(survivors, s => Assert.Equal(0, stream.Failed(s)));
        var expected = survivors.Select(stream.Finished).ToArray();
        Assert.Equal(expected, await Poll.UntilAsync(() => StoredPerNodeAsync(stream, survivors), v => v.SequenceEqual(expected), TimeSpan.FromSeconds(30)));
        // Nor is any the frozen node took lost: downed, it wrote what no entity had accepted itself before it exited. (A
        // client that gave up on it while it was frozen may still have left a verdict once it resumed.)
        var frozen = (await StoredPerNodeAsync(stream, [victim]))[0];
        Assert.InRange(frozen, stream.Finished(victim), stream.Finished(victim) + stream.Failed(victim));
        output.WriteLine($"sessions finished and their verdicts in the store: {string.Join(", ", survivors.Select(s => $"node-{s} {stream.Finished(s)}"))}; " +
            $"at the frozen node {stream.Finished(victim)} finished, {stream.Failed(victim)} given up, {frozen} verdicts stored");

        // Started again (same data directory, same port), it rejoins as a new incarnation: up in the others' view.
        var restart = Stopwatch.StartNew();
        await Nodes.StartAsync(victim);
        foreach (var s in survivors)
        {
            await Nodes[s].WaitForJsonAsync("/api/cluster", c => Nodes.Member(c, victim) is { Status: "up", Reachable: true, Name: var name } && name == ClusterNodes.Name(victim),
                TimeSpan.FromSeconds(30));
        }

        output.WriteLine($"node-{victim} restarted and up in both survivors' view {restart.Elapsed.TotalSeconds:0.0} s after its start");
        // Ready once the gossip that it is up has reached it too.
        var ready = await Poll.UntilAsync(async () =>
        {
            using var reply = await Nodes[victim].Http.GetAsync(new Uri("/readyz", UriKind.Relative));
            return (reply.IsSuccessStatusCode, Body: await reply.Content.ReadAsStringAsync());
        }, r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(10));
        Assert.True(ready.IsSuccessStatusCode, ready.Body);
    }

    [Fact]
    public async Task Node_stopped_with_sigterm_leaves_exits_0_hands_its_shards_over_and_loses_no_verdict_sent_to_it()
    {
        await Nodes.EnsureAllUpAsync();
        var victim = await cluster.ChoresNodeAsync(0);
        var survivors = Nodes.Indexes.Where(i => i != victim).ToArray();
        // An address whose entity lives on the leaving node itself.
        var owned = await cluster.AddressesOwnedByAsync(victim, victim, "127.43.0");
        Assert.NotEmpty(owned);
        var own = owned[0];

        // Verdicts submitted to the leaving node before its TERM: 40 clients whose entities live on every member, and
        // three sessions about the address whose entity it owns.
        var sources = Enumerable.Range(1, 40).Select(k => IPAddress.Parse($"127.44.0.{k}")).Concat(Enumerable.Repeat(own, 3)).ToArray();
        foreach (var chunk in sources.Chunk(4))
        {
            Assert.All(await Task.WhenAll(chunk.Select(a => SessionStream.NonSmtpSessionAsync(a, Nodes[victim].Smtp))), Assert.True);
        }

        // Clients it holds when the TERM comes: they get 421 and their verdicts are written too.
        var held = new List<RawSmtpClient>();
        try
        {
            for (var c = 0; c < 10; c++)
            {
                held.Add(await RawSmtpClient.ConnectAsync(IPAddress.Parse($"127.40.30.{c + 1}"), Nodes[victim].Smtp));
            }

            await Nodes[victim].WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("held").GetInt32() == held.Count);

            var clock = Stopwatch.StartNew();
            Nodes[victim].Process.Signal(SigTerm);
            var told = await Task.WhenAll(held.Select(c => c.ReadUntilLineAsync("421", TimeSpan.FromSeconds(20))));
            Assert.All(told, Assert.True);
            var code = await Nodes[victim].Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"node-{victim} SIGTERMed: exited with code {code} {clock.Elapsed.TotalSeconds:0.0} s later");
            Assert.True(code == 0, $"exit code {code}; log:\n{Nodes[victim].Log}");
        }
        finally
        {
            foreach (var c in held)
            {
                c.Dispose();
            }
        }

        // The others show it removed (it left; nobody had to down it).
        foreach (var s in survivors)
        {
            await Nodes[s].WaitForJsonAsync("/api/cluster", c => Nodes.Member(c, victim) is null, TimeSpan.FromSeconds(15));
        }

        // Nothing it was sent is lost: every verdict is in the store, once.
        var clients = await cluster.WaitForStoredVerdictsAsync("127.44.0.0/24", v => v.Values.Sum() == 40, TimeSpan.FromSeconds(10));
        Assert.Equal(40, clients.Count);
        Assert.All(clients.Values, v => Assert.Equal(1, v));
        var heldRows = await cluster.WaitForStoredVerdictsAsync("127.40.30.0/24", v => v.Values.Sum() == 10, TimeSpan.FromSeconds(10));
        Assert.Equal(10, heldRows.Values.Sum());
        Assert.Equal(3, (await cluster.StoredVerdictsAsync($"{own}/32")).Values.Single());

        // Its shards were handed over: the entity it owned answers from a survivor and takes a new verdict.
        Assert.Contains(await cluster.EntityNodeAsync(survivors[0], own), survivors.Select(ClusterNodes.Name));
        Assert.True(await SessionStream.NonSmtpSessionAsync(own, Nodes[survivors[0]].Smtp));
        var after = await cluster.WaitForStoredVerdictsAsync($"{own}/32", v => v.Values.Sum() == 4, TimeSpan.FromSeconds(10));
        Assert.Equal(4, after.Values.Sum());
    }

    /// <summary>The verdicts in the store from the clients <paramref name="stream"/> sent to each of <paramref name="nodes"/>.</summary>
    private async Task<long[]> StoredPerNodeAsync(SessionStream stream, IEnumerable<int> nodes)
    {
        var rows = await cluster.StoredVerdictsAsync(stream.Network);
        return [.. nodes.Select(n => rows.Where(kv => stream.NodeOf(kv.Key) == n).Sum(kv => kv.Value))];
    }

    /// <summary>
    /// Sessions from <paramref name="source"/> one after another, at most one per 250 ms and 500 in all, until stopped;
    /// counts finished and failed.
    /// </summary>
    private static async Task<(long Finished, long Failed)> ProbeAsync(IPAddress source, IPEndPoint server, CancellationToken stop)
    {
        var (finished, failed) = (0L, 0L);
        for (var i = 0; i < 500 && !stop.IsCancellationRequested; i++)
        {
            var started = Stopwatch.StartNew();
            try
            {
                if (await SessionStream.NonSmtpSessionAsync(source, server))
                {
                    finished++;
                }
                else
                {
                    failed++;
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or TimeoutException or IOException)
            {
                failed++;
            }

            var rest = TimeSpan.FromMilliseconds(250) - started.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, stop); // the probe's pace, not a wait for an outcome
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        return (finished, failed);
    }
}

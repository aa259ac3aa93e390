using System.Diagnostics;
using System.Net;
using ActorTrap.Cli.Tests.EndToEnd;
using ActorTrap.TestPeers;
using Xunit.Abstractions;

namespace ActorTrap.Cli.Tests.Detection;

/// <summary>
/// The detection corpus (issue 15, "Measure it"): real MTAs from Debian packages (Postfix, Exim) and scripted clients
/// deliver to real <c>actortrap run</c> nodes, all at once, each from its own loopback address, and the corpus prints
/// the confusion matrix: real MTAs listed or not, spambots listed or not, sessions until listed. Three nodes, because
/// what makes a node a backup MX is node-wide: A is the recipient domain's only MX; B its backup MX while the primary
/// is down (a dead loopback port); C its backup MX while the primary answers (<see cref="PrimaryMxStub"/>).
/// </summary>
[Collection(LoadHeavyCollection.Name)]
public sealed class DetectionCorpusSpec(ITestOutputHelper output)
{
    private const string Domain = "corpus.test";
    private const string TrapDomain = "trap.corpus.test";
    private const string NodeName = "mx.corpus.test";

    private static readonly IPAddress DeadPrimaryAddress = IPAddress.Parse("127.0.77.250");
    private static readonly IPAddress LivePrimaryAddress = IPAddress.Parse("127.0.77.251");

    private static IPAddress At(int host) => IPAddress.Parse($"127.0.77.{host}");

    /// <summary>
    /// Every situation. Real MTAs try 3 times, 6 where a soft sin repeats with every retry (no rDNS, short HELO) and for
    /// days of retries; well-behaved clients and spambots up to 5 sessions, soft sins only 8.
    /// </summary>
    private static readonly CorpusSituation[] Situations =
    [
        new("postfix: normal delivery", CorpusRole.RealMta, "postfix", At(10), 'A', 3),
        new("exim: normal delivery", CorpusRole.RealMta, "exim", At(11), 'A', 3),
        new("postfix: primary MX down, node is backup", CorpusRole.RealMta, "postfix-fallback", At(12), 'B', 3),
        new("exim: primary MX down, node is backup", CorpusRole.RealMta, "exim-fallback", At(13), 'B', 3),
        new("postfix: no reverse DNS", CorpusRole.RealMta, "postfix", At(14), 'A', 6),
        new("exim: no reverse DNS", CorpusRole.RealMta, "exim", At(15), 'A', 6),
        new("postfix: HELO mailhost (short)", CorpusRole.RealMta, "postfix-short-helo", At(16), 'A', 6),
        new("exim: HELO mailhost (short)", CorpusRole.RealMta, "exim-short-helo", At(17), 'A', 6),
        new("postfix: days of retries, compressed", CorpusRole.RealMta, "postfix", At(18), 'A', 6),
        new("exim: days of retries, compressed", CorpusRole.RealMta, "exim", At(19), 'A', 6),
        new("client: RSET+QUIT 11 s after 451", CorpusRole.RealMta, "slow-quit", At(20), 'A', 5),
        new("client: silent after 451", CorpusRole.RealMta, "silent", At(21), 'A', 5),
        new("bot: pregreet", CorpusRole.Spambot, "pregreet", At(40), 'A', 5, 3),
        new("bot: non-smtp (GET /)", CorpusRole.Spambot, "non-smtp", At(41), 'A', 5, 3),
        new("bot: HELO recipient domain", CorpusRole.Spambot, "helo-rcpt", At(42), 'A', 5, 3),
        new("bot: HELO our name", CorpusRole.Spambot, "helo-ours", At(43), 'A', 5, 3),
        new("bot: trap address", CorpusRole.Spambot, "trap", At(44), 'A', 5, 1),
        new("bot: no-QUIT + HELO not FQDN", CorpusRole.Spambot, "noquit-short", At(45), 'A', 5, 3),
        new("bot: highest MX, primary answers", CorpusRole.Measured, "highest-mx", At(46), 'C', 5),
        new("bot: highest MX + no-QUIT, primary answers", CorpusRole.Spambot, "highest-mx-noquit", At(47), 'C', 5, 3),
        new("bot: pipelining", CorpusRole.Measured, "pipelining", At(48), 'A', 5),
        new("bot: pregreet + HELO rcpt domain + no-QUIT", CorpusRole.Spambot, "founding", At(49), 'A', 5, 2),
        new("bot: pregreet + pipelining", CorpusRole.Spambot, "pregreet-pipelining", At(50), 'A', 5, 2),
        new("bot: HELO our name + no-QUIT", CorpusRole.Spambot, "helo-ours-noquit", At(51), 'A', 5, 2),
        new("bot: soft sins only (bare LF, short HELO, no rDNS)", CorpusRole.MustNotList, "soft", At(52), 'A', 8),
        new("bot: no-QUIT only", CorpusRole.MustNotList, "noquit", At(53), 'A', 5),
    ];

    /// <summary>Addresses without PTR records: every other source gets a PTR and a matching A record (forward-confirmed).</summary>
    private static readonly HashSet<IPAddress> NoReverseDns = [At(14), At(15), At(52)];

    [Fact]
    public async Task Real_MTAs_are_never_listed_and_spambots_are_issue_15()
    {
        var clock = Stopwatch.StartNew();
        using var unbound = await Unbound.StartAsync(DnsData());
        using var primary = new PrimaryMxStub(LivePrimaryAddress);
        var deadPrimary = new IPEndPoint(DeadPrimaryAddress, FreePort.UdpAndTcp(DeadPrimaryAddress));

        string[] common =
        [
            $"actortrap.smtp.hostname={NodeName}",
            "actortrap.dnsbl.zones=[]",
            "actortrap.dnsbl.self-test-interval=0",
            // A pregreet window that costs each session 1 s instead of postscreen's 6 s.
            "actortrap.smtp.greet-pause=1s",
            // A listed client's next session is not what the corpus measures: hold it briefly.
            "actortrap.smtp.hold=2s",
            $"actortrap.smtp.traps.domains=[\"{TrapDomain}\"]",
            // Loopback clients are judged here (RunningNode turns actortrap.smtp.permit off).
            // The MTAs' queues retry seconds apart (their own schedules shortened): such returns count as retries.
            "actortrap.smtp.retry.min-delay=1s",
            // The silent well-behaved client is sent 421 at the end of the quit wait; 20 s keeps the corpus short and
            // is still longer than the slow client's 11 s before its QUIT.
            "actortrap.smtp.quit-wait=20s",
        ];
        var nodes = await Task.WhenAll(
            StartNodeAsync(unbound, common),
            StartNodeAsync(unbound, [.. common, $"actortrap.smtp.mx.backup-domains=[\"{Domain}\"]", .. Primaries(deadPrimary)]),
            StartNodeAsync(unbound, [.. common, $"actortrap.smtp.mx.backup-domains=[\"{Domain}\"]", .. Primaries(primary.EndPoint)]));
        try
        {
            var observers = new Dictionary<char, CorpusObserver> { ['A'] = new(nodes[0]), ['B'] = new(nodes[1]), ['C'] = new(nodes[2]) };
            var started = clock.Elapsed;
            var outcomes = await Task.WhenAll(Situations.Select(s => RunAsync(s, observers[s.Node], deadPrimary)));
            var report = CorpusReport.Render(outcomes, clock.Elapsed, clock.Elapsed - started, primary.Connections);
            output.WriteLine(report);
            var file = Path.Combine(Environment.GetEnvironmentVariable("ACTORTRAP_TEST_RUN_DIR") is { Length: > 0 } d && Directory.Exists(d) ? d : Path.GetTempPath(), "detection-corpus.txt");
            await File.WriteAllTextAsync(file, report);
            output.WriteLine($"(written to {file})");
            var failures = outcomes.Select(o => o.Failure).OfType<string>().ToList();
            Assert.True(failures.Count == 0, $"{failures.Count} situation(s) failed:\n{string.Join('\n', failures)}\n\n{report}");
        }
        finally
        {
            foreach (var n in nodes)
            {
                n.Dispose();
            }
        }
    }

    /// <summary>The primary MX a backup node probes before it counts highest-mx.</summary>
    /// <summary>
    /// The primary MX a backup node probes before it counts highest-mx, probed every 10 s (the least allowed), so a
    /// verdict that waits for the probe after its session waits seconds rather than the default minute.
    /// </summary>
    private static string[] Primaries(IPEndPoint primary) =>
        [$"actortrap.smtp.mx.primaries=[\"{primary.Address}:{primary.Port}\"]", "actortrap.smtp.mx.probe-interval=10s"];

    private static async Task<RunningNode> StartNodeAsync(Unbound unbound, string[] settings) =>
        await RunningNode.StartAsync(unbound.ServerSpec, "bl.corpus.test", settings: settings);

    private static UnboundOptions DnsData()
    {
        var options = new UnboundOptions();
        foreach (var s in Situations.Where(s => !NoReverseDns.Contains(s.Source)))
        {
            var name = HostName(s.Source);
            options.ServerLines.Add($"local-data: \"{name}. 60 IN A {s.Source}\"");
            options.ServerLines.Add($"local-data-ptr: \"{s.Source} {name}\"");
        }

        return options;
    }

    /// <summary>The sender's name: its PTR (when it has one) and its MTA's <c>myhostname</c>, never the node's.</summary>
    private static string HostName(IPAddress source) => $"host{source.GetAddressBytes()[3]}.senders.test";

    private async Task<CorpusOutcome> RunAsync(CorpusSituation s, CorpusObserver observer, IPEndPoint deadPrimary)
    {
        try
        {
            return s.Kind.StartsWith("postfix", StringComparison.Ordinal) || s.Kind.StartsWith("exim", StringComparison.Ordinal)
                ? await RunMtaAsync(s, observer, deadPrimary)
                : await RunScriptedAsync(s, observer, Script(s));
        }
        catch (Exception e)
        {
            var verdicts = await observer.VerdictsAsync(s.Source);
            return new CorpusOutcome(s, verdicts.Count, null, CorpusObserver.Sins(verdicts), $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static SpambotScript Script(CorpusSituation s)
    {
        var proper = new SpambotScript { Helo = HostName(s.Source), From = $"sender@{HostName(s.Source)}", Recipient = $"user@{Domain}" };
        return s.Kind switch
        {
            "slow-quit" => proper with { After = AfterRefusal.SlowRsetQuit },
            "silent" => proper with { After = AfterRefusal.Silent },
            "pregreet" => proper with { Pregreet = true },
            "non-smtp" => proper with { NonSmtp = true },
            "helo-rcpt" => proper with { Helo = Domain },
            "helo-ours" => proper with { Helo = NodeName },
            "trap" => proper with { Recipient = $"harvested@{TrapDomain}" },
            "noquit-short" => proper with { Helo = "mailhost", After = AfterRefusal.Close },
            "highest-mx" => proper,
            "highest-mx-noquit" => proper with { After = AfterRefusal.Close },
            "pipelining" => proper with { Pipelining = true },
            "founding" => proper with { Pregreet = true, Helo = Domain, After = AfterRefusal.Close },
            "pregreet-pipelining" => proper with { Pregreet = true, Pipelining = true },
            "helo-ours-noquit" => proper with { Helo = NodeName, After = AfterRefusal.Close },
            "soft" => proper with { BareLf = true, Helo = "mailhost" },
            "noquit" => proper with { After = AfterRefusal.Close },
            _ => throw new ArgumentException($"no script for {s.Kind}"),
        };
    }

    /// <summary>Session after session until the node lists the address or the situation's sessions are spent.</summary>
    private static async Task<CorpusOutcome> RunScriptedAsync(CorpusSituation s, CorpusObserver observer, SpambotScript script)
    {
        IReadOnlyList<System.Text.Json.JsonElement> verdicts = [];
        for (var session = 1; session <= s.Sessions; session++)
        {
            await SpambotClient.RunAsync(s.Source, observer.Node.Smtp, script);
            verdicts = await observer.WaitForVerdictsAsync(s.Source, session, TimeSpan.FromSeconds(30));
            if (verdicts.Count < session)
            {
                return new CorpusOutcome(s, verdicts.Count, null, CorpusObserver.Sins(verdicts), $"the node judged {verdicts.Count} of {session} sessions within 30 s");
            }

            if (await observer.ListedAsync(s.Source, verdicts))
            {
                return new CorpusOutcome(s, session, session, CorpusObserver.Sins(verdicts), null);
            }
        }

        return new CorpusOutcome(s, verdicts.Count, null, CorpusObserver.Sins(verdicts), null);
    }

    /// <summary>
    /// One message handed to a real MTA, which delivers and retries on its own shortened schedule; each attempt that
    /// reaches the node is judged before the next is awaited. An attempt that does not come within 15 s is asked for
    /// with a flush (<c>postqueue -f</c>, <c>exim -qff</c>).
    /// </summary>
    private static async Task<CorpusOutcome> RunMtaAsync(CorpusSituation s, CorpusObserver observer, IPEndPoint deadPrimary)
    {
        var node = observer.Node.Smtp;
        var name = HostName(s.Source);
        var helo = s.Kind.EndsWith("short-helo", StringComparison.Ordinal) ? "mailhost" : null;
        var fallback = s.Kind.EndsWith("fallback", StringComparison.Ordinal);
        IMta mta = s.Kind.StartsWith("postfix", StringComparison.Ordinal)
            ? new PostfixMta(await PostfixSender.StartAsync(new PostfixSenderOptions
            {
                Source = s.Source,
                MyHostname = name,
                HeloName = helo,
                Relay = fallback ? deadPrimary : node,
                FallbackRelay = fallback ? node : null,
            }))
            : new EximMta(await EximSender.StartAsync(new EximSenderOptions
            {
                Source = s.Source,
                PrimaryHostname = name,
                HeloName = helo,
                Hosts = fallback ? [deadPrimary, node] : [node],
            }));
        await using (mta)
        {
            await mta.SendAsync($"sender@{name}", $"user@{Domain}");
            IReadOnlyList<System.Text.Json.JsonElement> verdicts = [];
            for (var attempt = 1; attempt <= s.Sessions; attempt++)
            {
                verdicts = await observer.WaitForVerdictsAsync(s.Source, attempt, TimeSpan.FromSeconds(15));
                if (verdicts.Count < attempt)
                {
                    await mta.FlushAsync();
                    verdicts = await observer.WaitForVerdictsAsync(s.Source, attempt, TimeSpan.FromSeconds(15));
                }

                if (verdicts.Count < attempt)
                {
                    return new CorpusOutcome(s, verdicts.Count, null, CorpusObserver.Sins(verdicts), $"attempt {attempt} never reached the node; the MTA's log:\n{mta.Log}");
                }

                if (await observer.ListedAsync(s.Source, verdicts))
                {
                    return new CorpusOutcome(s, attempt, attempt, CorpusObserver.Sins(verdicts), null);
                }
            }

            return new CorpusOutcome(s, verdicts.Count, null, CorpusObserver.Sins(verdicts), null);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// The collector side: one thread receives datagrams, checks each line (size, version, reporter, MAC, fields, window,
/// replay, then what it is about: special-use and allow-listed addresses, the reporter's per-minute cap of new
/// addresses) and hands the verdicts of valid ones, marked with their reporter and weighed by its weight, to the
/// node's <see cref="IVerdictSink"/>, where the listing rule waits for enough reporters to agree (issue 18). Every line
/// is counted by result, in all and per reporter, and never logged (the sender may be an attacker). One receive
/// thread checks every line; the lock around the replay memory and the caps is taken by it alone, but for a reload
/// forgetting a removed reporter's cap and for tests that call <see cref="Accept"/> directly.
/// </summary>
internal sealed class UdpFeedCollector : IDisposable
{
    private readonly Socket socket;
    // Swapped whole by a reload (SIGHUP); the receive loop reads it once per line.
    private volatile FeedPolicy policy;
    private readonly NewAddressCap caps = new();
    private long cappedLoggedMinute = long.MinValue;
    private readonly IVerdictSink sink;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ReplayGuard replay;
    private readonly Thread thread;
    private volatile bool stopping;

    public UdpFeedCollector(IPEndPoint listen, FeedPolicy policy, TimeSpan replayWindow, int maxSeen, IVerdictSink sink, FeedStats stats, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(policy);
        this.policy = policy;
        this.sink = sink;
        this.time = time;
        this.logger = logger;
        Stats = stats;
        replay = new ReplayGuard(replayWindow, maxSeen);
        socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (listen.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false;
        }

        try
        {
            socket.Bind(listen);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Hosting.StartFailures.Listen("actortrap.publish.udp-feed.listen", "UDP feed collector", listen, e);
        }

        // Bursts from many detectors queue in the kernel while a line is checked (capped by net.core.rmem_max).
        socket.ReceiveBufferSize = 8 << 20;
        socket.ReceiveTimeout = 250;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        thread = new Thread(Run) { IsBackground = true, Name = "udp-feed-collector" };
        thread.Start();
        Log.FeedCollectorListening(logger, ListenAddress.Format(EndPoint));
        Log.FeedReporters(logger, policy.Reporters.Count(r => !r.Revoked), policy.Reporters.Count(r => r.Trusted && !r.Revoked), policy.Reporters.Count(r => r.Revoked));
        foreach (var reporter in policy.Reporters)
        {
            stats.Reporter(reporter.Id);
        }
    }

    /// <summary>
    /// A reload's reporters and allow-list: lines received from now on are judged by them. A reporter removed is
    /// <c>unknown-reporter</c> from now on, one revoked <c>revoked</c>; a rotated key checks the next line.
    /// </summary>
    public void UsePolicy(FeedPolicy next)
    {
        ArgumentNullException.ThrowIfNull(next);
        policy = next;
        lock (replay)
        {
            caps.Retain(next.Reporters.Select(r => r.Id));
        }

        foreach (var reporter in next.Reporters)
        {
            Stats.Reporter(reporter.Id);
        }

        Log.FeedReporters(logger, next.Reporters.Count(r => !r.Revoked), next.Reporters.Count(r => r.Trusted && !r.Revoked), next.Reporters.Count(r => r.Revoked));
    }

    public FeedPolicy Policy => policy;

    public IPEndPoint EndPoint { get; }

    public FeedStats Stats { get; }

    public void Dispose()
    {
        stopping = true;
        thread.Join(TimeSpan.FromSeconds(2));
        socket.Dispose();
    }

    /// <summary>Checks one datagram and, when valid, submits its verdict. Exposed for tests that drive the clock.</summary>
    public FeedRejection Accept(ReadOnlySpan<byte> datagram)
    {
        var rules = policy;
        var now = time.GetUtcNow();
        var result = FeedLine.TryParse(datagram, rules.KeyFor, out var keyId, out var verdict, out var timestampMs, out var fingerprint);
        var reporter = keyId is null ? null : rules.Find(keyId);
        if (result == FeedRejection.UnknownReporter && reporter is { Revoked: true })
        {
            result = FeedRejection.Revoked;
        }

        lock (replay)
        {
            if (result == FeedRejection.None)
            {
                result = replay.Check(timestampMs, fingerprint, now);
            }

            if (result == FeedRejection.None)
            {
                result = Judge(verdict!, reporter!, rules, now);
            }
        }

        Stats.Count(result, reporter?.Id, now);
        if (result == FeedRejection.None)
        {
            sink.Submit(Weighed(verdict!, reporter!));
        }

        return result;
    }

    /// <summary>What the line is about: special-use and allow-listed addresses are ignored; new addresses past the cap dropped.</summary>
    private FeedRejection Judge(Verdict verdict, FeedReporterOptions reporter, FeedPolicy rules, DateTimeOffset now)
    {
        if (Reputation.SpecialUse.Contains(verdict.Client))
        {
            return FeedRejection.SpecialUse;
        }

        if (Reputation.Networks.Contains(rules.Allow, verdict.Client))
        {
            return FeedRejection.AllowListed;
        }

        if (!caps.TryTake(reporter.Id, verdict.Client, reporter.MaxNewPerMinute, now))
        {
            var minute = now.ToUnixTimeSeconds() / 60;
            if (cappedLoggedMinute != minute)
            {
                // At most one line a minute for all reporters: the id is ours (configuration), not the sender's text.
                cappedLoggedMinute = minute;
                Log.FeedReporterCapped(logger, reporter.Id, reporter.MaxNewPerMinute);
            }

            return FeedRejection.Capped;
        }

        return FeedRejection.None;
    }

    /// <summary>The verdict as the aggregator takes it: marked with its reporter, its sins' weights times the reporter's weight.</summary>
    private static Verdict Weighed(Verdict verdict, FeedReporterOptions reporter)
    {
        var weighed = reporter.Weight == 1 ? verdict : verdict with
        {
            Sins = [.. verdict.Sins.Select(s => s with { Weight = s.Weight * reporter.Weight })],
            Score = verdict.Score * reporter.Weight,
        };
        return weighed with { ReporterId = reporter.Id, ReporterTrusted = reporter.Trusted };
    }

    private void Run()
    {
        // One byte more than a line may have, so an oversized datagram is seen as such rather than cut to fit.
        var buffer = new byte[FeedLine.MaxBytes + 2];
        var source = new SocketAddress(socket.AddressFamily);
        while (!stopping)
        {
            try
            {
                var received = socket.ReceiveFrom(buffer, SocketFlags.None, source);
                Accept(buffer.AsSpan(0, received));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.MessageSize)
            {
                Stats.Count(FeedRejection.Oversized, null, time.GetUtcNow());
            }
            catch (ObjectDisposedException)
            {
                return;
            }
#pragma warning disable CA1031 // a failing sink or a bad datagram must not stop the collector
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.FeedCollectorLoopError(logger, e.Message);
            }
        }
    }
}

using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting.Reload;

/// <summary>
/// A node's reload (SIGHUP, <c>systemctl reload</c>, <c>POST /api/reload</c>): reads the configuration again from
/// the sources it started with; refuses it, logging every error, when it does not validate; otherwise hands each
/// owner its new settings (<see cref="ReloadableKeys"/>): the resolver its zones and threshold, the sessions actor
/// and the hold pools the traps, never-judged networks and sin weights, the reputation stage the allow-list and the
/// listing rule's thresholds, the UDP feed its key. Held clients and
/// running sessions are not touched. Keys that cannot change at run time are named as needing a restart and
/// otherwise ignored. One reload at a time; each is counted and logged.
/// </summary>
internal sealed class ConfigReload : IDisposable
{
    /// <summary>The resolver answers from memory; 5 s means its mailbox is stuck (the new zones still reach it).</summary>
    private static readonly TimeSpan ResolverLimit = TimeSpan.FromSeconds(5);

    private readonly ReloadSource? source;
    private readonly ILogger logger;
    private readonly SemaphoreSlim one = new(1, 1);
    private readonly Meter meter;
    private readonly Counter<long> reloads;
    private Owners? owners;
    private Hocon.HoconConfig? running;
    private volatile NodeSettings current;

    public ConfigReload(NodeSettings settings, ReloadSource? source, ILoggerFactory loggerFactory, NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterNames.Node);
        current = settings;
        this.source = source;
        running = source?.Initial.Effective;
        logger = loggerFactory.CreateLogger("ActorTrap.Node");
        reloads = meter.CreateCounter<long>("actortrap.node.config.reloads", description: "Configuration reloads, by outcome (succeeded, refused)");
    }

    /// <summary>The settings in effect: those the node started with, with the reloadable keys of the last reload applied.</summary>
    public NodeSettings Current => current;

    /// <summary>False when the node was started from settings alone (specs), so there is nothing to read again.</summary>
    public bool Available => source is not null;

    /// <summary>Called once the stages run: who owns the settings a reload changes.</summary>
    public void Attach(IActorRef resolver, SmtpEdge smtp, ReputationService reputation, PublishingHost publishing, Traps.TaggedTraps? tagged = null) =>
        owners = new Owners(resolver, smtp, reputation, publishing) { Tagged = tagged };

    /// <summary>Reads the configuration again and applies it; never throws for a bad configuration.</summary>
    /// <param name="trigger">Who asked (SIGHUP, the admin API), for the log.</param>
    public async Task<ReloadResult> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        Log.ReloadRequested(logger, trigger);
        if (source is null)
        {
            throw new InvalidOperationException("this node was not started from a configuration it can read again");
        }

        await one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var loaded = source.Load();
            if (loaded.Settings is not { } next || loaded.Effective is not { } effective || loaded.Errors.Count > 0)
            {
                return Refuse(loaded);
            }

            var changed = running is null ? [] : ReloadableKeys.Changed(running, effective);
            var (reloaded, needRestart) = (changed.Where(ReloadableKeys.IsReloadable).ToList(), changed.Where(k => !ReloadableKeys.IsReloadable(k)).ToList());
            await ApplyAsync(next).ConfigureAwait(false);
            running = effective;
            foreach (var key in needRestart)
            {
                Log.ReloadNeedsRestart(logger, key);
            }

            reloads.Add(1, new KeyValuePair<string, object?>("outcome", "succeeded"));
            Log.ConfigReloaded(logger, loaded.SourceDescription, reloaded.Count == 0 ? "no reloadable key changed" : string.Join(", ", reloaded),
                needRestart.Count);
            return new ReloadResult(true, [], reloaded, needRestart);
        }
        finally
        {
            one.Release();
        }
    }

    private ReloadResult Refuse(LoadedConfig loaded)
    {
        foreach (var error in loaded.Errors)
        {
            Log.ReloadConfigError(logger, error.ToString());
        }

        reloads.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        Log.ReloadRefused(logger, loaded.Errors.Count);
        return ReloadResult.Refused(loaded.Errors);
    }

    /// <summary>Only the reloadable parts of <paramref name="next"/>; the rest of the running settings stays as it started.</summary>
    private async Task ApplyAsync(NodeSettings next)
    {
        var was = current;
        var applied = was with
        {
            Dnsbl = was.Dnsbl with { Threshold = next.Dnsbl.Threshold, Zones = next.Dnsbl.Zones },
            Smtp = was.Smtp with { Traps = next.Smtp.Traps, Permit = next.Smtp.Permit, SinWeights = SinWeights(was.Smtp, next.Smtp) },
            Reputation = was.Reputation with { Allow = next.Reputation.Allow, ListThreshold = next.Reputation.ListThreshold, SoftCap = next.Reputation.SoftCap },
            Publish = was.Publish with
            {
                UdpFeed = was.Publish.UdpFeed with { Key = next.Publish.UdpFeed.Key, KeyId = next.Publish.UdpFeed.KeyId, Reporters = next.Publish.UdpFeed.Reporters },
            },
            // Trap token keys rotate by reload; turning tokens on or off (no key before, none after) needs a restart.
            Traps = next.Traps.Page.Keys.Count > 0 && was.Traps.Page.Keys.Count > 0 && !SameKeys(was.Traps.Page, next.Traps.Page)
                ? was.Traps with { Page = was.Traps.Page with { Keys = next.Traps.Page.Keys, CurrentKey = next.Traps.Page.CurrentKey } }
                : was.Traps,
        };
        current = applied;
        if (owners is not { } o)
        {
            return; // not started yet: the stages read Current when they start
        }

        var policy = new UseSmtpPolicy(applied.Smtp.Traps, applied.Smtp.Permit, applied.Smtp.SinWeights);
        o.Smtp.Sessions.Tell(policy, ActorRefs.NoSender);
        foreach (var pool in o.Smtp.HoldPools)
        {
            pool.Tell(policy, ActorRefs.NoSender);
        }

        o.Reputation.UseAllowList(applied.Reputation.Allow);
        o.Reputation.UseScoring(applied);
        o.Reputation.Agreed.Update(applied);
        // Reporters removed or revoked are rejected from the next line on, without a restart (issue 18).
        o.Publishing.UseFeed(applied.Publish.UdpFeed, applied.Reputation.Allow);

        if (o.Tagged is { } tagged && !ReferenceEquals(applied.Traps, was.Traps))
        {
            tagged.Tokens.UseKeys(applied.Traps.Page.Keys, applied.Traps.Page.CurrentKey);
            Log.TrapKeysReloaded(logger, applied.Traps.Page.Keys.Count, applied.Traps.Page.CurrentKey);
        }

        try
        {
            using var bound = new CancellationTokenSource(ResolverLimit);
            await o.Resolver.Ask<DnsblInUse>(new UseDnsbl(applied.Dnsbl), ResolverLimit, bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            Log.ReloadResolverSlow(logger, (long)ResolverLimit.TotalMilliseconds);
        }
    }

    // The backup-MX watch weighs highest-mx once, at start: that weight needs a restart (ReloadableKeys).
    private static Dictionary<Session.SinKind, double> SinWeights(SmtpOptions was, SmtpOptions next)
    {
        var weights = next.SinWeights.ToDictionary();
        weights[Session.SinKind.HighestMx] = was.SinWeights[Session.SinKind.HighestMx];
        return weights;
    }

    public void Dispose()
    {
        meter.Dispose();
        one.Dispose();
    }

    private static bool SameKeys(TrapPageOptions a, TrapPageOptions b) =>
        a.CurrentKey == b.CurrentKey && a.Keys.Count == b.Keys.Count
        && a.Keys.All(k => b.Keys.TryGetValue(k.Key, out var secret) && secret == k.Value);

    private sealed record Owners(IActorRef Resolver, SmtpEdge Smtp, ReputationService Reputation, PublishingHost Publishing)
    {
        public Traps.TaggedTraps? Tagged { get; init; }
    }
}

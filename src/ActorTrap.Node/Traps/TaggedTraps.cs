using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Logging;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Traps;

/// <summary>
/// What sessions know of tagged trap addresses: the domains, the tokens' keys, the age past which a harvester is no
/// longer listed and the networks never listed as harvesters. Thread-safe (sessions of every thread share it).
/// </summary>
internal sealed class TaggedTraps(TrapTokens tokens, TrapPageOptions page, HarvesterOptions harvesters, TrapMetrics metrics, ILogger logger)
{
    public TrapTokens Tokens => tokens;

    public TrapMetrics Metrics => metrics;

    public IReadOnlyList<string> Domains => page.Domains;

    /// <summary>From options; null when tokens are off (no key or no domain).</summary>
    public static TaggedTraps? Create(TrapsOptions options, TrapMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Page.TokensEnabled
            ? new TaggedTraps(new TrapTokens(options.Page.Keys, options.Page.CurrentKey, options.Page.Bucket), options.Page, options.Harvesters, metrics, logger)
            : null;
    }

    /// <summary>A recipient domain (lower case) that is, or is under, a tagged trap domain.</summary>
    public bool Covers(string domain) =>
        page.Domains.Any(d => domain.Equals(d, StringComparison.Ordinal) || domain.EndsWith("." + d, StringComparison.Ordinal));

    /// <summary>Opens the local part of a recipient at a tagged domain, written to by <paramref name="spammer"/> at <paramref name="now"/>.</summary>
    public TaggedHit Check(string localPart, IPAddress spammer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        var opening = tokens.Open(localPart);
        var spammerText = spammer.ToString();
        if (!opening.Opened)
        {
            metrics.Token(opening.Status switch
            {
                TokenStatus.Forged => "forged",
                TokenStatus.UnknownKey => "unknown-key",
                _ => "not-a-token",
            });
            Log.TaggedAddressNotOpened(logger, opening.Status.ToString(), LogText.Escape(localPart, 80), spammerText);
            return new TaggedHit(opening, null, "untagged");
        }

        var harvester = opening.Harvester!;
        if (now - opening.HarvestedAt > page.MaxAge)
        {
            metrics.Token("expired");
            Log.TaggedAddressTooOld(logger, spammerText, harvester.ToString(), opening.HarvestedAt);
            return new TaggedHit(opening, null, "tagged-expired");
        }

        var harvest = new HarvestEvidence(harvester, opening.HarvestedAt, spammer, now);
        if (harvesters.NeverList.Any(n => n.Contains(harvester)))
        {
            metrics.Token("exempt");
            Log.HarvesterExempt(logger, spammerText, harvester.ToString(), "in actortrap.traps.harvesters.never-list");
            return new TaggedHit(opening, null, "tagged");
        }

        metrics.Token("opened");
        Log.TaggedAddressUsed(logger, harvester.ToString(), opening.HarvestedAt, spammerText, HarvestReason.Delay(harvest.Delay));
        return new TaggedHit(opening, harvest, "tagged");
    }
}

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>Why the collector turned a line away: the <c>result</c> label of <c>actortrap.publish.feed.lines</c>.</summary>
internal enum FeedRejection
{
    /// <summary>Not rejected.</summary>
    None,

    /// <summary>Longer than <see cref="FeedLine.MaxBytes"/>.</summary>
    Oversized,

    /// <summary>Not <c>ATF</c> followed by a version this collector speaks.</summary>
    UnknownVersion,

    /// <summary>Fields missing, extra, or not of their syntax (a truncated line ends up here or at <see cref="BadMac"/>).</summary>
    Malformed,

    /// <summary>The HMAC does not match: forged, altered, or signed with another key.</summary>
    BadMac,

    /// <summary>Its timestamp is outside the replay window (too old, or too far in the future).</summary>
    Stale,

    /// <summary>The same line was accepted before, within the window.</summary>
    Replayed,

    /// <summary>Its key id is not configured (never was, or was removed by a reload): counted under reporter <c>unknown</c>.</summary>
    UnknownReporter,

    /// <summary>Its key id is configured with <c>revoked = on</c>.</summary>
    Revoked,

    /// <summary>About a special-use address (RFC 6890: private, loopback, documentation, …): no blacklist lists those.</summary>
    SpecialUse,

    /// <summary>About an address in <c>actortrap.reputation.allow</c>.</summary>
    AllowListed,

    /// <summary>A new address beyond the reporter's <c>max-new-per-minute</c> in the current minute: dropped.</summary>
    Capped,
}

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>What the responder did with one packet: the <c>outcome</c> label of <c>actortrap.publish.dns.queries</c>.</summary>
internal enum DnsOutcome
{
    /// <summary>A or TXT answer for a listed address (or an RFC 5782 test entry).</summary>
    Listed,

    /// <summary>NXDOMAIN: not listed, or not an address name at all.</summary>
    NotListed,

    /// <summary>NOERROR without answer: a listed name asked for a type we do not hold (AAAA, MX, ...).</summary>
    NoData,

    /// <summary>SOA, NS or NODATA for the zone apex.</summary>
    Apex,

    /// <summary>REFUSED: a name outside our zone, or a class other than IN.</summary>
    Refused,

    /// <summary>FORMERR: a query we could read the header of but not the rest.</summary>
    FormErr,

    /// <summary>NOTIMP: an opcode other than QUERY.</summary>
    NotImp,

    /// <summary>SERVFAIL: the local blacklist failed to answer.</summary>
    ServFail,

    /// <summary>The answer did not fit the client's size limit and went out with TC set.</summary>
    Truncated,

    /// <summary>Not answered: shorter than a header, or itself a response (answering those could loop).</summary>
    Dropped,

    /// <summary>Not answered: the source network was over its rate limit.</summary>
    RateLimitedDropped,

    /// <summary>Answered with an empty truncated response: over the rate limit, the slip that lets a real client retry over TCP.</summary>
    RateLimitedSlipped,
}

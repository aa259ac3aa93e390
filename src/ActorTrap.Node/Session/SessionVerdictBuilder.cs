using System.Net;
using ActorTrap.Node.Logging;
using ActorTrap.Node.Resolver;
using ActorTrap.Smtp.Analysis;

namespace ActorTrap.Node.Session;

/// <summary>
/// The sins of one session and the verdict they make. Pure: no clock, no actor, no I/O, so every rule of the score
/// has an example in its spec. The session adds sins as it sees them; <see cref="Build"/> judges what can only be
/// judged at the end (HELO, rDNS, DNSBL listing, retry) and sums the weights, without changing the builder.
/// </summary>
/// <param name="weights">The configured weight of each sin kind (<c>actortrap.smtp.sins</c>).</param>
/// <param name="permitted">The client is in our own networks: never judged, so it never carries a sin.</param>
internal sealed class SessionVerdictBuilder(IReadOnlyDictionary<SinKind, double> weights, bool permitted)
{
    /// <summary>Which HELO finding is which sin; the hold pool judges a held client's HELO by it too.</summary>
    internal static readonly (HeloFindings Finding, SinKind Kind)[] HeloSins =
    [
        (HeloFindings.BareIp, SinKind.HeloBareIp),
        (HeloFindings.LiteralMismatch, SinKind.HeloLiteralMismatch),
        (HeloFindings.NotFqdn, SinKind.HeloNotFqdn),
        (HeloFindings.Localhost, SinKind.HeloLocalhost),
        (HeloFindings.OurName, SinKind.HeloOurName),
        (HeloFindings.OurAddress, SinKind.HeloOurName),
        (HeloFindings.RecipientDomain, SinKind.HeloRecipientDomain),
    ];

    private readonly List<Sin> sins = new(2);

    /// <summary>The sins seen so far, in the order first seen.</summary>
    public IReadOnlyList<Sin> Sins => sins;

    /// <summary>The wire names of the sins seen so far (<c>ctl sessions</c>, the verdict log line).</summary>
    public IReadOnlyList<string> SinNames => [.. sins.Select(s => s.Kind.WireName())];

    /// <summary>Adds a sin unless its kind was seen already (each kind counts once per session) or the client is permitted.</summary>
    /// <param name="weight">Overrides the configured weight (a highest-mx candidate is 0 until the MX gate confirms it).</param>
    /// <returns>True when the sin was added.</returns>
    public bool Add(SinKind kind, string? detail = null, double? weight = null) =>
        Add(sins, kind, detail, weight ?? weights[kind]);

    /// <summary>The one verdict of the session: the sins seen, the ones judged at the end, and their sum.</summary>
    public Verdict Build(SessionEnd end)
    {
        var all = new List<Sin>(sins);
        // Each name the client gave is judged: a HELO before the greeting and another after it are two claims (issue 16).
        IReadOnlyList<string> names = end.HeloNames.Count > 0 ? end.HeloNames : end.Helo is { } helo ? [helo] : [];
        foreach (var name in names)
        {
            var findings = HeloAnalyzer.Analyze(name, end.Client, end.Server, end.RcptDomains);
            var detail = LogText.Escape(name, 60);
            foreach (var (finding, kind) in HeloSins)
            {
                if ((findings & finding) != 0)
                {
                    Add(all, kind, detail, weights[kind]);
                }
            }
        }

        foreach (var sin in ReverseDnsSins(end.Ptr, end.Client))
        {
            Add(all, sin.Kind, sin.Detail, weights[sin.Kind]);
        }

        if (end.Dnsbl is not null && DnsblSin(end.Dnsbl, weights) is { } listed)
        {
            Add(all, listed.Kind, listed.Detail, listed.Weight);
        }

        if (end.Retried)
        {
            Add(all, SinKind.Retried, null, weights[SinKind.Retried]);
        }

        var score = 0.0;
        foreach (var sin in all)
        {
            score += sin.Weight;
        }

        return new Verdict(end.Client, end.Node, end.Start, end.End, end.Mode, end.Outcome, end.Dnsbl, all, score,
            end.Helo, end.MailFrom, end.RcptDomains, end.QuitSent, end.BytesIn, end.BytesOut);
    }

    /// <summary>
    /// The sin of a DNSBL listing, or null when the report does not list the client. It carries the weight it adds
    /// (configured weight times the weighted DNSBL score), so whoever reads the verdict (the rule, the UDP feed's
    /// collector) needs no DNSBL report to weigh it. The hold pool builds a held client's the same way.
    /// </summary>
    internal static Sin? DnsblSin(DnsblReport report, IReadOnlyDictionary<SinKind, double> weights) => report.Listed
        ? new Sin(SinKind.DnsblListed, weights[SinKind.DnsblListed] * report.Score,
            string.Join(',', report.Zones.Where(z => z.Status == ZoneStatus.Listed).Select(z => z.Zone)))
        : null;

    /// <summary>The rDNS sins of a PTR answer (weights left to the caller); none for no answer or a failed lookup.</summary>
    internal static IEnumerable<(SinKind Kind, string? Detail)> ReverseDnsSins(PtrReport? ptr, IPAddress client)
    {
        if (ptr is not { Error: null } report)
        {
            yield break;
        }

        if (report.Names.Count == 0)
        {
            yield return (SinKind.MissingRdns, null);
            yield break;
        }

        if (!report.ForwardConfirmed)
        {
            yield return (SinKind.FcrdnsFailed, LogText.Escape(report.Names[0], 60));
        }

        if (report.Names.Any(n => DynamicRdns.LooksDynamic(n, client)))
        {
            yield return (SinKind.DynamicRdns, LogText.Escape(report.Names[0], 60));
        }
    }

    private bool Add(List<Sin> list, SinKind kind, string? detail, double weight)
    {
        if (permitted || list.Exists(s => s.Kind == kind))
        {
            return false;
        }

        list.Add(new Sin(kind, weight, detail));
        return true;
    }
}

using System.Net;
using ActorTrap.Node.Logging;
using ActorTrap.Smtp.Analysis;

namespace ActorTrap.Node.Session;

/// <summary>
/// The end of a session: close, release the caps, and emit the one verdict with every sin and its weight. The
/// HELO and rDNS sins are judged here, once everything the session learnt is in (recipient domains, PTR answer).
/// </summary>
internal sealed partial class SessionActor
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

    private List<Sin>? sins;

    /// <param name="weight">Overrides the configured weight (a highest-mx candidate is 0 until the MX gate confirms it).</param>
    private void AddSin(SinKind kind, string? detail = null, double? weight = null)
    {
        if (permitted)
        {
            return;
        }

        sins ??= new List<Sin>(2);
        foreach (var sin in sins)
        {
            if (sin.Kind == kind)
            {
                return; // each kind counts once per session
            }
        }

        sins.Add(new Sin(kind, weight ?? ctx.Options.SinWeights[kind], detail));
    }

    private void OnGone(string reason)
    {
        if (ended)
        {
            return;
        }

        if (dialogue is { DataRefused: true, QuitReceived: false } && !holding)
        {
            AddSin(SinKind.NoQuit);
        }

        End(OutcomeNow());
    }

    /// <summary>Ends the session once: close, release, verdict, stop.</summary>
    private void End(SessionOutcome outcome, bool stopSelf = true, bool verdict = true)
    {
        if (ended)
        {
            return;
        }

        ended = true;
        phase = Phase.Ended;
        ctx.Registry.Remove(this);
        try
        {
            // Counted before the socket closes and its slot is given back: whoever sees the client gone, or the node's
            // open count fall, then also sees the session's outcome and verdict counted.
            if (verdict && !(stopSelf && DeferForMx(outcome)))
            {
                Emit(outcome);
            }
            else
            {
                ctx.Metrics.SessionAborted();
            }
        }
        finally
        {
            connection.Close();
            if (holding)
            {
                ctx.Gate.ReleaseHold();
            }

            if (countedClient)
            {
                ctx.Gate.RemoveClient(client);
            }
        }

        if (stopSelf)
        {
            Timers.CancelAll();
            if (!ArmMxWait())
            {
                Context.Stop(Self);
            }
        }
    }

    private void Emit(SessionOutcome outcome)
    {
        var end = Now;
        JudgeHelo();
        JudgeReverseDns();
        AddDnsblSin();
        JudgeRetry(end);
        var list = (IReadOnlyList<Sin>?)sins ?? [];
        var score = 0.0;
        foreach (var sin in list)
        {
            score += sin.Weight;
        }

        var v = new Verdict(client, ctx.Node, started, end, ctx.Options.Mode, outcome, dnsbl, list, score,
            dialogue?.Helo, dialogue?.MailFrom?.Address, dialogue?.RecipientDomains ?? [], dialogue?.QuitReceived ?? false, bytesIn, bytesOut);
        ctx.Sink.Submit(v);
        ctx.Metrics.SessionEnded(v);
        if (score > 0 || outcome == SessionOutcome.Held)
        {
            Log.SessionVerdict(ctx.Logger, client.ToString(), SmtpMetricsLabel(outcome), v.Duration.TotalSeconds, score, string.Join(' ', SinNames()), HeloForLog() ?? "(none)");
        }
        else
        {
            Log.SessionEnded(ctx.Logger, client.ToString(), SmtpMetricsLabel(outcome), v.Duration.TotalSeconds);
        }
    }

    private void AddDnsblSin()
    {
        if (dnsbl is not null && DnsblSin(dnsbl, ctx.Options) is { } sin)
        {
            AddSin(sin.Kind, sin.Detail, sin.Weight);
        }
    }

    /// <summary>
    /// The sin of a DNSBL listing, or null when the report does not list the client. It carries the weight it adds
    /// (configured weight times the weighted DNSBL score), so whoever reads the verdict (the rule, the UDP feed's
    /// collector) needs no DNSBL report to weigh it. The hold pool builds a held client's the same way.
    /// </summary>
    internal static Sin? DnsblSin(Resolver.DnsblReport report, Configuration.SmtpOptions options) => report.Listed
        ? new Sin(SinKind.DnsblListed, options.SinWeights[SinKind.DnsblListed] * report.Score,
            string.Join(',', report.Zones.Where(z => z.Status == Resolver.ZoneStatus.Listed).Select(z => z.Zone)))
        : null;

    /// <summary>A session refused with 451 that repeats an earlier refused envelope from the same network is a retry.</summary>
    private void JudgeRetry(DateTimeOffset end)
    {
        if (permitted || ctx.Retries is not { } memory || dialogue is not { DataRefused: true } d || recipients is null)
        {
            return;
        }

        if (memory.Refused(client, RetryMemory.Envelope(d.MailFrom?.Address, recipients), end))
        {
            AddSin(SinKind.Retried);
        }
    }

    private void JudgeHelo()
    {
        if (dialogue?.Helo is not { } helo)
        {
            return;
        }

        var findings = HeloAnalyzer.Analyze(helo, client, Replies.Identity(connection.Local.Address), dialogue.RecipientDomains);
        var detail = LogText.Escape(helo, 60);
        foreach (var (finding, kind) in HeloSins)
        {
            if ((findings & finding) != 0)
            {
                AddSin(kind, detail);
            }
        }
    }

    private void JudgeReverseDns()
    {
        if (ptr is not { Error: null } report || holding)
        {
            return;
        }

        if (report.Names.Count == 0)
        {
            AddSin(SinKind.MissingRdns);
            return;
        }

        if (!report.ForwardConfirmed)
        {
            AddSin(SinKind.FcrdnsFailed, LogText.Escape(report.Names[0], 60));
        }

        if (report.Names.Any(n => DynamicRdns.LooksDynamic(n, client)))
        {
            AddSin(SinKind.DynamicRdns, LogText.Escape(report.Names[0], 60));
        }
    }

    private IReadOnlyList<string> SinNames()
    {
        var copy = sins?.ToArray() ?? [];
        return [.. copy.Select(s => s.Kind.WireName())];
    }

    private string? HeloForLog() => dialogue?.Helo is { } helo ? LogText.Escape(helo, 60) : null;

    private static string SmtpMetricsLabel(SessionOutcome outcome) => Listener.SmtpMetrics.Label(outcome);
}

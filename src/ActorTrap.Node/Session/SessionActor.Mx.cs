using Akka.Actor;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Session;

/// <summary>
/// The highest-mx sin (issue 15). A recipient in a backup domain, or in a domain whose MX records name us as a less
/// preferred host, makes a candidate (weight 0): only the MX gate, which knows whether the primary answered before
/// and after this session, gives it its weight. With check-dns the verdict waits for the MX answers still out (at
/// most the lookup wait from the last question), so a client that leaves quickly is scored too.
/// </summary>
internal sealed partial class SessionActor
{
    /// <summary>Recipient domains asked about per session: a spambot's long RCPT list must not become a DNS flood.</summary>
    private const int MaxMxQuestions = 4;

    private HashSet<string>? mxAsked;
    private HashSet<string>? mxWaiting;
    private DateTimeOffset mxDeadline;

    private void CheckMxRecipient(string domain)
    {
        var mx = ctx.Options.Mx;
        if (mx.BackupDomains.FirstOrDefault(d => InDomain(domain, d)) is { } zone)
        {
            // The configured domain, not the recipient's subdomain: it is the domain whose primary is probed.
            verdict.Add(SinKind.HighestMx, zone, weight: 0);
        }
        else if (mx.CheckDns && domain.Length > 0 && (mxAsked ??= new HashSet<string>(StringComparer.Ordinal)).Count < MaxMxQuestions && mxAsked.Add(domain))
        {
            ctx.Resolver.Tell(new CheckMx(domain), Self);
            (mxWaiting ??= new HashSet<string>(StringComparer.Ordinal)).Add(domain);
            mxDeadline = Now + ctx.Options.LookupWait;
        }
    }

    /// <summary>Our host name is an MX of the recipient's domain but not its most preferred one: a candidate.</summary>
    private void OnMx(MxReport report)
    {
        if (mxWaiting?.Remove(report.Domain) != true)
        {
            return; // not a question of this session, or answered already
        }

        if (report.Error is null && report.Hosts.Count >= 2)
        {
            var best = report.Hosts.Min(h => h.Preference);
            if (report.Hosts.Any(h => h.Preference > best && string.Equals(h.Host.TrimEnd('.'), Replies.HostName, StringComparison.OrdinalIgnoreCase)))
            {
                verdict.Add(SinKind.HighestMx, report.Domain, weight: 0);
            }
        }

        if (mxWaiting.Count == 0 && stage.VerdictDue is { } outcome)
        {
            EmitAfterMx(outcome);
        }
    }

    /// <summary>At the end: true when MX answers are still out and due, so the verdict waits for them.</summary>
    private bool MxAnswersDue() => mxWaiting is { Count: > 0 } && Now < mxDeadline;

    /// <summary>
    /// After the end, all other timers cancelled: the verdict waits for the MX answers still out, at most until the
    /// one timer that bounds the wait. The client is closed and forgotten; only the answers matter now.
    /// </summary>
    private UntypedReceive AwaitingMx(SessionOutcome outcome) => message =>
    {
        switch (message)
        {
            case MxWaitOver:
                EmitAfterMx(outcome);
                break;
            case DnsblReport or PtrReport or MxReport:
                Common(message);
                break;
            default:
                Done(message);
                break;
        }
    };

    private void WaitForMx(SessionOutcome outcome)
    {
        Enter(Stage.Ended with { VerdictDue = outcome }, AwaitingMx(outcome));
        var delay = mxDeadline - Now;
        Timers.StartSingleTimer(MxWaitOver.Instance, MxWaitOver.Instance, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }

    /// <summary>Emits the verdict that waited for MX answers (all in, or the wait over) and stops.</summary>
    private void EmitAfterMx(SessionOutcome outcome)
    {
        Enter(Stage.Ended, Done);
        Emit(outcome, closedBefore: true);
        Timers.CancelAll();
        Context.Stop(Self);
    }
}

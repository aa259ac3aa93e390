using ActorTrap.Node.Logging;

namespace ActorTrap.Node.Session;

/// <summary>
/// The end of a session: close, release the caps, and emit the one verdict, built by <see cref="SessionVerdictBuilder"/>
/// once everything the session learnt is in (recipient domains, PTR answer).
/// </summary>
internal sealed partial class SessionActor
{
    /// <summary>The sins seen so far; replaced in <see cref="Begin"/> once the client (and whether it is permitted) is known.</summary>
    private SessionVerdictBuilder verdict;

    /// <param name="weight">Overrides the configured weight (a highest-mx candidate is 0 until the MX gate confirms it).</param>
    private void AddSin(SinKind kind, string? detail = null, double? weight = null) => verdict.Add(kind, detail, weight);

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
        ctx.Registry.Remove(Id);
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
        var v = verdict.Build(new SessionEnd(client, ctx.Node, ctx.Options.Mode, started, end, outcome, dnsbl, holding ? null : ptr,
            dialogue?.Helo, Replies.Identity(connection.Local.Address), dialogue?.MailFrom?.Address, dialogue?.RecipientDomains ?? [],
            dialogue?.QuitReceived ?? false, Retried(end), bytesIn, bytesOut));
        ctx.Sink.Submit(v);
        ctx.Metrics.SessionEnded(v);
        if (v.Score > 0 || outcome == SessionOutcome.Held)
        {
            Log.SessionVerdict(ctx.Logger, client.ToString(), SmtpMetricsLabel(outcome), v.Duration.TotalSeconds, v.Score,
                string.Join(' ', v.Sins.Select(s => s.Kind.WireName())), HeloForLog() ?? "(none)");
        }
        else
        {
            Log.SessionEnded(ctx.Logger, client.ToString(), SmtpMetricsLabel(outcome), v.Duration.TotalSeconds);
        }
    }

    /// <summary>A session refused with 451 that repeats an earlier refused envelope from the same network is a retry.</summary>
    private bool Retried(DateTimeOffset end) =>
        !permitted && ctx.Retries is { } memory && dialogue is { DataRefused: true } d && recipients is not null
        && memory.Refused(client, RetryMemory.Envelope(d.MailFrom?.Address, recipients), end);

    private string? HeloForLog() => dialogue?.Helo is { } helo ? LogText.Escape(helo, 60) : null;

    private static string SmtpMetricsLabel(SessionOutcome outcome) => Listener.SmtpMetrics.Label(outcome);
}

namespace ActorTrap.Node.Session;

/// <summary>
/// The end of a session: close, release the caps, and emit the one verdict, built by <see cref="SessionVerdictBuilder"/>
/// once everything the session learnt is in (recipient domains, PTR answer).
/// </summary>
internal sealed partial class SessionActor
{
    /// <summary>The client went away (EOF or reset): after the 451 to DATA, without QUIT, that is a sin.</summary>
    private void OnGone()
    {
        if (stage.Over)
        {
            return;
        }

        if (dialogue is { DataRefused: true, QuitReceived: false })
        {
            verdict.Add(SinKind.NoQuit);
        }

        End(stage.CutShort(ctx.Options.Mode));
    }

    /// <summary>Ends the session once: close, release, verdict (now, or once the MX answers are in), stop.</summary>
    /// <param name="stopSelf">False in PostStop: the actor is stopping already, and no MX answer will come.</param>
    /// <param name="verdict">False for a connection that was never a client's (a proxy's bad or health-check header).</param>
    private void End(SessionOutcome outcome, bool stopSelf = true, bool verdict = true)
    {
        if (stage.Over)
        {
            return;
        }

        var waitForMx = verdict && stopSelf && MxAnswersDue();
        stage = Stage.Ended;
        ctx.Registry.Remove(Id);
        try
        {
            // Counted before the socket closes and its slot is given back: whoever sees the client gone, or the node's
            // open count fall, then also sees the session's outcome and verdict counted.
            if (verdict && !waitForMx)
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
            if (countedClient)
            {
                ctx.Gate.RemoveClient(client);
            }
        }

        if (!stopSelf)
        {
            return;
        }

        Timers.CancelAll();
        if (waitForMx)
        {
            WaitForMx(outcome);
        }
        else
        {
            Enter(Stage.Ended, Done);
            Context.Stop(Self);
        }
    }

    /// <param name="closedBefore">The connection was closed (and counted closed) before, while the verdict waited for MX answers.</param>
    private void Emit(SessionOutcome outcome, bool closedBefore = false)
    {
        var end = Now;
        var v = verdict.Build(new SessionEnd(client, ctx.Node, ctx.Options.Mode, started, end, outcome, dnsbl, ptr,
            dialogue?.Helo, Replies.Identity(connection.Local.Address), dialogue?.MailFrom?.Address, dialogue?.RecipientDomains ?? [],
            dialogue?.QuitReceived ?? false, Retried(end), bytesIn, bytesOut)
        {
            HeloNames = dialogue?.HeloNames ?? [],
        });
        ctx.Sink.Submit(v);
        ctx.Metrics.SessionEnded(v, closedBefore);
        ctx.Lines?.Ended(v);
    }

    /// <summary>A session refused with 451 that repeats an earlier refused envelope from the same network is a retry.</summary>
    private bool Retried(DateTimeOffset end) =>
        !permitted && ctx.Retries is { } memory && dialogue is { DataRefused: true } d && recipients is not null
        && memory.Refused(client, RetryMemory.Envelope(d.MailFrom?.Address, recipients), end);
}

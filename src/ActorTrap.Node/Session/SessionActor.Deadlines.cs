namespace ActorTrap.Node.Session;

/// <summary>
/// Every delay of a session (PROXY header, lookup, greet pause, idle, quit wait, session cap) is a deadline here, and
/// one keyed timer is armed for the earliest, not one per delay; the handler of <see cref="Wake"/> acts on whatever is due.
/// </summary>
internal sealed partial class SessionActor
{
    private readonly long[] deadlines = new long[(int)DeadlineKind.Count];
    private long armedFor;

    private enum DeadlineKind
    {
        Proxy,
        Lookup,
        GreetEnd,
        Idle,
        SessionCap,
        QuitWait,
        Count,
    }

    private void SetDeadline(DeadlineKind kind, DateTimeOffset at) => deadlines[(int)kind] = Math.Max(at.UtcTicks, 1);

    private void ClearDeadline(DeadlineKind kind) => deadlines[(int)kind] = 0;

    /// <summary>The deadline, or <see cref="DateTimeOffset.MaxValue"/> when not set.</summary>
    private DateTimeOffset Deadline(DeadlineKind kind) =>
        deadlines[(int)kind] == 0 ? DateTimeOffset.MaxValue : new DateTimeOffset(deadlines[(int)kind], TimeSpan.Zero);

    private bool Due(DeadlineKind kind, DateTimeOffset now) => deadlines[(int)kind] != 0 && deadlines[(int)kind] <= now.UtcTicks;

    /// <summary>Arms the one timer for the earliest deadline, unless it is already armed for exactly that.</summary>
    private void Arm()
    {
        if (ended)
        {
            return;
        }

        var next = 0L;
        foreach (var at in deadlines)
        {
            if (at != 0 && (next == 0 || at < next))
            {
                next = at;
            }
        }

        if (next == armedFor)
        {
            return;
        }

        armedFor = next;
        if (next == 0)
        {
            Timers.Cancel(Wake.Instance);
            return;
        }

        var delay = new DateTimeOffset(next, TimeSpan.Zero) - Now;
        Timers.StartSingleTimer(Wake.Instance, Wake.Instance, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }

    private void OnWake()
    {
        armedFor = 0;
        var now = Now;
        if (Due(DeadlineKind.Proxy, now))
        {
            ClearDeadline(DeadlineKind.Proxy);
            RejectProxy("no PROXY header within the timeout");
            return;
        }

        if (Due(DeadlineKind.QuitWait, now))
        {
            // Still connected and silent is not no-QUIT (issue 15): only a client that closes without QUIT commits it.
            Send(Replies.Timeout);
            End(SessionOutcome.Observed);
            return;
        }

        if (Due(DeadlineKind.Idle, now) || Due(DeadlineKind.SessionCap, now))
        {
            Send(Replies.Timeout);
            End(OutcomeNow());
            return;
        }

        if (Due(DeadlineKind.Lookup, now) || Due(DeadlineKind.GreetEnd, now))
        {
            if (Due(DeadlineKind.GreetEnd, now))
            {
                ClearDeadline(DeadlineKind.GreetEnd);
                greetPauseOver = true;
            }

            if (Due(DeadlineKind.Lookup, now))
            {
                ClearDeadline(DeadlineKind.Lookup);
                lookupTimedOut = true;
            }

            Decide();
        }
    }
}

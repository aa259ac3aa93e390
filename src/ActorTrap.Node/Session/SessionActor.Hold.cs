using ActorTrap.Smtp.Dialogue;

namespace ActorTrap.Node.Session;

/// <summary>
/// Holding: a listed client is kept for the hold time. Each reply (the greeting first, then a 451 to each command)
/// trickles a continuation line per trickle interval until its reply time is up, then ends; the client's next
/// command starts the next trickle. At the end of the hold: 421 and close. QUIT is answered at once (221): a
/// client that gives up is let go.
/// </summary>
internal sealed partial class SessionActor
{
    // Commands a held client sends while its reply still trickles are answered later, in order; past this many they
    // are read and thrown away (a held client gets no memory for its flood).
    private const int MaxQueuedLines = 4;

    private ReplyTrickle? trickle;
    private Queue<byte[]>? queued;

    private void StartHold()
    {
        if (!ctx.Gate.TryHold())
        {
            // A full tarpit sheds new listed clients rather than stop serving.
            Send(Replies.Busy);
            End(SessionOutcome.Shed);
            return;
        }

        var now = Now;
        holding = true;
        heldSince = now;
        ClearDeadline(DeadlineKind.GreetEnd);
        ClearDeadline(DeadlineKind.Lookup);
        ClearDeadline(DeadlineKind.Idle);
        SetDeadline(DeadlineKind.HoldEnd, now + ctx.Options.Hold);
        if (phase != Phase.Greeting)
        {
            SendGreetingStart();
        }

        phase = Phase.Holding;
        dialogue = new SmtpDialogue(Replies.TarpitDialogue);
        trickle = new ReplyTrickle(Replies.HeldGreeting, now + ctx.Options.HoldReplyTime, ctx.Options.Trickle);
        SetDeadline(DeadlineKind.Trickle, now + ctx.Options.TrickleInterval);
    }

    /// <summary>
    /// A held session's tick, every trickle interval: look at what the client sent (commands, or that it left), then
    /// send the next line or byte of the reply in progress.
    /// </summary>
    private void TrickleTick(DateTimeOffset now)
    {
        SetDeadline(DeadlineKind.Trickle, now + ctx.Options.TrickleInterval);
        var running = trickle;
        PollClient(); // input that came during the reply in progress is queued (pregreet or pipelining), else answered
        if (ended || running is null || !ReferenceEquals(trickle, running))
        {
            return;
        }

        SendTrickle(now);
        if (trickle is null && !ended)
        {
            greetingDone = true;
            while (trickle is null && !ended && queued is { Count: > 0 })
            {
                HoldLine(queued.Dequeue(), Smtp.Framing.SmtpLineEnding.CrLf, now);
            }
        }
    }

    /// <summary>A command from a held client: answered with a trickled 451, or at once when it closes (QUIT, limits).</summary>
    private void HoldLine(ReadOnlySpan<byte> line, Smtp.Framing.SmtpLineEnding ending, DateTimeOffset now)
    {
        if (trickle is not null)
        {
            // It did not wait for our reply: before the greeting ended that is talking first, later pipelining.
            AddSin(greetingDone ? SinKind.Pipelining : SinKind.Pregreet);
            queued ??= new Queue<byte[]>(MaxQueuedLines);
            if (queued.Count < MaxQueuedLines)
            {
                queued.Enqueue(line.ToArray());
            }

            return;
        }

        var result = dialogue!.OnLine(line, ending);
        Record(result);
        if (result.Close)
        {
            Send(result.Reply.Bytes.Span);
            End(SessionOutcome.Held);
            return;
        }

        trickle = new ReplyTrickle(Replies.Trickled(result.Reply), now + ctx.Options.HoldReplyTime, ctx.Options.Trickle);
        SendTrickle(now); // the first line goes out at once, so the client sees an answer has begun
    }

    private void SendTrickle(DateTimeOffset now)
    {
        var before = trickle!.Sent;
        if (Send(trickle.Next(now)) == Listener.SendResult.Closed)
        {
            End(SessionOutcome.Held);
            return;
        }

        var n = (int)(trickle.Sent - before);
        Interlocked.Add(ref trickled, n);
        ctx.Metrics.Trickled(n);
        if (trickle.Done)
        {
            trickle = null;
        }
    }

    private void EndHold()
    {
        if (trickle?.MidLine == true)
        {
            Send("\r\n"u8);
        }

        Send(Replies.HoldOver);
        End(SessionOutcome.Held);
    }
}

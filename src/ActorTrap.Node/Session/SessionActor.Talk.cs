using ActorTrap.Node.Resolver;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;

namespace ActorTrap.Node.Session;

/// <summary>
/// Observe mode for an unlisted client: "220-" at once, "220 " after the greet pause, then SMTP up to DATA, which
/// gets 451; then the quit wait. Every line resets the idle timer; the session cap bounds the whole dialogue.
/// </summary>
internal sealed partial class SessionActor
{
    private SmtpDialogue? dialogue;
    private bool greetingStarted;
    private List<byte[]>? early;
    private List<string>? recipients;

    private SessionReplies Replies => ctx.Replies;

    private void SendGreetingStart()
    {
        if (!greetingStarted)
        {
            greetingStarted = true;
            Send(Replies.Server.GreetingFirstLine.Span);
        }
    }

    private void FinishGreeting()
    {
        PollClient(); // what arrived during the pause is pregreet, answered below in order
        if (ended)
        {
            return;
        }

        var now = Now;
        if (ctx.Options.CheckReverseDns && !permitted)
        {
            // Only clients we talk to are judged by their rDNS; a held client never is, so it costs no PTR query.
            ctx.Resolver.Tell(new CheckReverseDns(client), Self);
        }

        Send(Replies.Server.Greeting.Bytes.Span);
        phase = Phase.Talking;
        dialogue = new SmtpDialogue(Replies.ObserveDialogue);
        SetDeadline(DeadlineKind.Idle, now + ctx.Options.IdleTimeout);
        SetDeadline(DeadlineKind.SessionCap, started + ctx.Options.SessionTimeout);
        if (early is not null)
        {
            // What a pregreeting client said is answered now, in order (postscreen lets it go on, too).
            foreach (var line in early)
            {
                if (ended)
                {
                    break;
                }

                TalkLine(line, SmtpLineEnding.CrLf, pipelined: false);
            }

            early = null;
        }

        ReadEvented(); // an unlisted client in conversation is answered as soon as it speaks
    }

    private void TalkLine(ReadOnlySpan<byte> line, SmtpLineEnding ending, bool pipelined)
    {
        var now = Now;
        SetDeadline(DeadlineKind.Idle, now + ctx.Options.IdleTimeout);
        if (pipelined)
        {
            AddSin(SinKind.Pipelining);
        }

        var result = dialogue!.OnLine(line, ending);
        Answer(result);
    }

    private void TalkOverlong()
    {
        Answer(dialogue!.OnOverlongLine());
    }

    private void Answer(SmtpDialogueResult result)
    {
        Record(result);
        var sent = Send(result.Reply.Bytes.Span);
        if (result.Close || sent != Listener.SendResult.Sent)
        {
            End(OutcomeNow());
            return;
        }

        if ((result.Events & SmtpEvents.DataRefused) != 0 && phase == Phase.Talking)
        {
            phase = Phase.QuitWait;
            SetDeadline(DeadlineKind.QuitWait, Now + ctx.Options.QuitWait);
        }
    }

    /// <summary>Turns the dialogue's events into sins and lookups.</summary>
    private void Record(SmtpDialogueResult result)
    {
        var events = result.Events;
        if ((events & SmtpEvents.BareLf) != 0)
        {
            AddSin(SinKind.BareLf);
        }

        if ((events & SmtpEvents.NonSmtpCommand) != 0)
        {
            AddSin(SinKind.NonSmtpCommand, result.Command?.NonSmtpKind.ToString());
        }

        if ((events & SmtpEvents.HeloChanged) != 0)
        {
            AddSin(SinKind.HeloChanged);
        }

        if ((events & SmtpEvents.Recipient) != 0 && result.Command?.Path is { } path)
        {
            CheckRecipient(path.Address.ToLowerInvariant(), path.Domain);
        }
    }

    private void CheckRecipient(string address, string domain)
    {
        if ((recipients ??= new List<string>(1)).Count < ctx.Options.MaxCommands)
        {
            recipients.Add(address);
        }

        var traps = ctx.Options.Traps;
        if (traps.Addresses.Contains(address) || traps.Domains.Any(d => InDomain(domain, d)))
        {
            AddSin(SinKind.TrapAddress);
        }

        CheckMxRecipient(domain);
    }

    private static bool InDomain(string domain, string zone) =>
        domain.Equals(zone, StringComparison.Ordinal) || domain.EndsWith("." + zone, StringComparison.Ordinal);
}

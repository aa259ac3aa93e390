using Akka.Actor;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Resolver;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;

namespace ActorTrap.Node.Session;

/// <summary>
/// Observe mode for an unlisted client: after "220 ", SMTP up to DATA, which gets 451 (<see cref="Talking"/>); then
/// the quit wait (<see cref="WaitingForQuit"/>). The client is read as soon as it speaks; every line resets the
/// idle timer; the session cap bounds the whole dialogue.
/// </summary>
internal sealed partial class SessionActor
{
    private SmtpDialogue? dialogue;
    private List<string>? recipients;
    private HashSet<System.Net.IPAddress>? harvested;

    /// <summary>Sends the final 220, answers what a pregreeting client said, and starts reading the client.</summary>
    private void FinishGreeting(List<byte[]>? early)
    {
        if (ctx.Options.CheckReverseDns && !permitted)
        {
            // Only clients we talk to are judged by their rDNS; a held client never is, so it costs no PTR query.
            ctx.Resolver.Tell(new CheckReverseDns(client), Self);
        }

        Send(Replies.Server.Greeting.Bytes.Span);
        var talk = new SmtpDialogue(Replies.ObserveDialogue);
        dialogue = talk;
        Enter(Stage.Talking, Talking(talk));
        Timers.StartSingleTimer(IdleTimeout.Instance, IdleTimeout.Instance, ctx.Options.IdleTimeout);
        var cap = started + ctx.Options.SessionTimeout - Now;
        Timers.StartSingleTimer(SessionCapReached.Instance, SessionCapReached.Instance, cap < TimeSpan.Zero ? TimeSpan.Zero : cap);
        foreach (var line in early ?? [])
        {
            // What a pregreeting client said is answered now, in order (postscreen lets it go on, too).
            if (stage.Over)
            {
                return;
            }

            TalkLine(talk, SmtpLineStatus.Line, line, SmtpLineEnding.CrLf, pipelined: false);
        }

        if (!stage.Over)
        {
            connection.ResumeReading(); // an unlisted client in conversation is answered as soon as it speaks
        }
    }

    /// <summary>Up to DATA: every command answered; the 451 to DATA moves on to the quit wait.</summary>
    private UntypedReceive Talking(SmtpDialogue talk) => message => Converse(talk, message);

    /// <summary>After the 451 to DATA: still answered, until QUIT, the quit wait, or the client going away.</summary>
    private UntypedReceive WaitingForQuit(SmtpDialogue talk) => message =>
    {
        if (message is QuitWaitOver)
        {
            // Still connected and silent is not no-QUIT (issue 15): only a client that closes without QUIT commits it.
            Send(Replies.Timeout);
            End(SessionOutcome.Observed);
        }
        else
        {
            Converse(talk, message);
        }
    };

    private void Converse(SmtpDialogue talk, object message)
    {
        switch (message)
        {
            case ClientData data:
                if (OnData(data.Bytes, (status, line, ending, pipelined) => TalkLine(talk, status, line, ending, pipelined)))
                {
                    connection.ResumeReading();
                }

                break;
            case Unread unread:
                OnData(unread.Bytes, (status, line, ending, pipelined) => TalkLine(talk, status, line, ending, pipelined)); // reading already resumed
                break;
            case IdleTimeout or SessionCapReached:
                Send(Replies.Timeout);
                End(SessionOutcome.Observed);
                break;
            default:
                Common(message);
                break;
        }

        Publish();
    }

    private void TalkLine(SmtpDialogue talk, SmtpLineStatus status, ReadOnlySpan<byte> line, SmtpLineEnding ending, bool pipelined)
    {
        if (status == SmtpLineStatus.Overlong)
        {
            Answer(talk, talk.OnOverlongLine());
            return;
        }

        Timers.StartSingleTimer(IdleTimeout.Instance, IdleTimeout.Instance, ctx.Options.IdleTimeout);
        if (pipelined)
        {
            verdict.Add(SinKind.Pipelining);
        }

        Answer(talk, talk.OnLine(line, ending));
    }

    private void Answer(SmtpDialogue talk, SmtpDialogueResult result)
    {
        Record(result);
        var sent = Send(result.Reply.Bytes.Span);
        if (result.Close || sent != SendResult.Sent)
        {
            End(SessionOutcome.Observed);
            return;
        }

        if ((result.Events & SmtpEvents.DataRefused) != 0 && stage == Stage.Talking)
        {
            Enter(Stage.QuitWait, WaitingForQuit(talk));
            Timers.StartSingleTimer(QuitWaitOver.Instance, QuitWaitOver.Instance, ctx.Options.QuitWait);
        }
    }

    /// <summary>Turns the dialogue's events into sins and lookups.</summary>
    private void Record(SmtpDialogueResult result)
    {
        var events = result.Events;
        if ((events & SmtpEvents.BareLf) != 0)
        {
            verdict.Add(SinKind.BareLf);
        }

        if ((events & SmtpEvents.NonSmtpCommand) != 0)
        {
            verdict.Add(SinKind.NonSmtpCommand, result.Command?.NonSmtpKind.ToString());
        }

        if ((events & SmtpEvents.HeloChanged) != 0)
        {
            verdict.Add(SinKind.HeloChanged);
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
        if (ctx.Tagged is { } tagged && tagged.Covers(domain.ToLowerInvariant()))
        {
            CheckTagged(tagged, address);
        }
        else if (traps.Addresses.Contains(address) || traps.Domains.Any(d => InDomain(domain, d)))
        {
            verdict.Add(SinKind.TrapAddress);
        }

        CheckMxRecipient(domain);
    }

    private static bool InDomain(string domain, string zone) =>
        domain.Equals(zone, StringComparison.Ordinal) || domain.EndsWith("." + zone, StringComparison.Ordinal);

    /// <summary>
    /// A recipient at a tagged trap domain is a trap-address hit whatever its local part; when its token opens, the
    /// harvester is reported too, once per session, unless either side is in our own networks (issue 18).
    /// </summary>
    private void CheckTagged(Traps.TaggedTraps tagged, string address)
    {
        if (permitted)
        {
            return;
        }

        var at = address.LastIndexOf('@');
        var hit = tagged.Check(at > 0 ? address[..at] : address, client, Now);
        verdict.Add(SinKind.TrapAddress, hit.Detail);
        if (hit.Harvest is { } harvest && !Reputation.Networks.Contains(ctx.Options.Permit, harvest.Harvester)
            && (harvested ??= []).Add(harvest.Harvester))
        {
            ctx.Harvests?.Submit(harvest);
        }
    }
}

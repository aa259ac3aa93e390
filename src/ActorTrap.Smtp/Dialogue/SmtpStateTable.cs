using ActorTrap.Smtp.Commands;
using ActorTrap.Smtp.Replies;
using static ActorTrap.Smtp.Dialogue.SmtpDialogueState;
using static ActorTrap.Smtp.Dialogue.TransitionEffects;
using static ActorTrap.Smtp.Replies.SmtpReplyId;

namespace ActorTrap.Smtp.Dialogue;

/// <summary>
/// The legal order of commands (RFC 5321 4.1.4, 3.3) for each policy, as data: a cell per (state, verb) for every
/// valid command. Invalid lines never reach the table (the dialogue answers them with the parser's reply). Neither
/// table has a cell that answers DATA or BDAT with anything but a 4xx/5xx, and none names a 354 reply at all.
/// </summary>
internal static class SmtpStateTable
{
    private static readonly SmtpDialogueState[] Open = [Connected, Greeted, Mail, Rcpt, DataRefused];
    private static readonly SmtpVerb[] NotOffered = [SmtpVerb.Expn, SmtpVerb.Help, SmtpVerb.StartTls, SmtpVerb.Auth, SmtpVerb.Bdat];

    public static readonly Transition[,] Observe = BuildObserve();
    public static readonly Transition[,] Tarpit = BuildTarpit();

    public static Transition[,] For(SmtpPolicy policy) => policy == SmtpPolicy.Tarpit ? Tarpit : Observe;

    private static Transition[,] BuildObserve()
    {
        var t = NewTable();
        foreach (var s in Open)
        {
            Set(t, s, SmtpVerb.Noop, s, Ok);
            Set(t, s, SmtpVerb.Quit, Closed, Closing, Quit);
            Set(t, s, SmtpVerb.Vrfy, s, CannotVerify);
            foreach (var verb in NotOffered)
            {
                Set(t, s, verb, s, SmtpReplyId.NotImplemented, TransitionEffects.NotImplemented);
            }
        }

        // HELO/EHLO may come at any time before DATA and reset the transaction (RFC 5321 4.1.4); so does RSET.
        foreach (var s in new[] { Connected, Greeted, Mail, Rcpt })
        {
            Set(t, s, SmtpVerb.Helo, Greeted, Helo, RecordHelo);
            Set(t, s, SmtpVerb.Ehlo, Greeted, Ehlo, RecordHelo);
            Set(t, s, SmtpVerb.Rset, s == Connected ? Connected : Greeted, Ok);
        }

        Set(t, Connected, SmtpVerb.Mail, Connected, SendHeloFirst, OutOfOrder);
        Set(t, Connected, SmtpVerb.Rcpt, Connected, NeedMail, OutOfOrder);
        Set(t, Connected, SmtpVerb.Data, Connected, NeedRcpt, OutOfOrder);

        Set(t, Greeted, SmtpVerb.Mail, Mail, SenderOk, RecordMailFrom);
        Set(t, Greeted, SmtpVerb.Rcpt, Greeted, NeedMail, OutOfOrder);
        Set(t, Greeted, SmtpVerb.Data, Greeted, NeedRcpt, OutOfOrder);

        Set(t, Mail, SmtpVerb.Mail, Mail, NestedMail, OutOfOrder);
        Set(t, Mail, SmtpVerb.Rcpt, Rcpt, RecipientOk, RecordRecipient);
        Set(t, Mail, SmtpVerb.Data, Mail, NeedRcpt, OutOfOrder);

        Set(t, Rcpt, SmtpVerb.Mail, Rcpt, NestedMail, OutOfOrder);
        Set(t, Rcpt, SmtpVerb.Rcpt, Rcpt, RecipientOk, RecordRecipient);

        // The founding document's trap: DATA is refused with 451 and never accepted.
        Set(t, Rcpt, SmtpVerb.Data, DataRefused, TryAgainLater, RefuseData);

        // After the 451 a real MTA QUITs (or RSETs and tries its next message). Anything that would start a
        // transaction gets 451 again, not 503: a 5xx would bounce a real server's next message.
        Set(t, DataRefused, SmtpVerb.Rset, DataRefused, Ok);
        foreach (var verb in new[] { SmtpVerb.Helo, SmtpVerb.Ehlo, SmtpVerb.Mail, SmtpVerb.Rcpt, SmtpVerb.Data })
        {
            Set(t, DataRefused, verb, DataRefused, TryAgainLater, OutOfOrder);
        }

        return t;
    }

    // Every command is answered 451 and the state never moves, except QUIT; what the client says is still recorded.
    private static Transition[,] BuildTarpit()
    {
        var t = NewTable();
        foreach (var s in Open)
        {
            foreach (var verb in Enum.GetValues<SmtpVerb>())
            {
                var effects = verb switch
                {
                    SmtpVerb.Helo or SmtpVerb.Ehlo => RecordHelo,
                    SmtpVerb.Mail => RecordMailFrom,
                    SmtpVerb.Rcpt => RecordRecipient,
                    SmtpVerb.Data => RefuseData,
                    _ => None,
                };
                Set(t, s, verb, s, TryAgainLater, effects);
            }

            Set(t, s, SmtpVerb.Quit, Closed, Closing, Quit);
        }

        return t;
    }

    // Cells no rule sets (the invalid pseudo-verbs, and the Closed row) answer 503 and stay.
    private static Transition[,] NewTable()
    {
        var states = Enum.GetValues<SmtpDialogueState>().Length;
        var verbs = Enum.GetValues<SmtpVerb>().Length;
        var t = new Transition[states, verbs];
        for (var s = 0; s < states; s++)
        {
            for (var v = 0; v < verbs; v++)
            {
                t[s, v] = new Transition((SmtpDialogueState)s, BadSequence, OutOfOrder);
            }
        }

        return t;
    }

    private static void Set(Transition[,] t, SmtpDialogueState state, SmtpVerb verb, SmtpDialogueState next, SmtpReplyId reply,
        TransitionEffects effects = None) =>
        t[(int)state, (int)verb] = new Transition(next, reply, effects);
}

using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Dialogue;

/// <summary>Settings shared by every dialogue of one policy on one listener; immutable, build once.</summary>
public sealed class SmtpDialogueOptions
{
    /// <param name="replies">This host's replies (one instance per host name).</param>
    public SmtpDialogueOptions(SmtpServerReplies replies, SmtpPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(replies);
        Replies = replies;
        Policy = policy;
    }

    public SmtpServerReplies Replies { get; }

    public SmtpPolicy Policy { get; }

    /// <summary>
    /// Errors (500, 501, 502, 503, line too long) after which the session gets 421 and is closed. Default 20: Postfix
    /// smtpd_hard_error_limit.
    /// </summary>
    public int MaxErrors { get; init; } = 20;

    /// <summary>
    /// Commands of any kind after which the session gets 421 and is closed: a client that loops forever does not
    /// get to. Default 100: Postfix smtpd_junk_command_limit, applied here to every command.
    /// </summary>
    public int MaxCommands { get; init; } = 100;

    /// <summary>
    /// Distinct recipient domains kept for the verdict (further ones are counted, not kept). Default 8: the
    /// verdict keeps "at most a few", and each costs a string per session.
    /// </summary>
    public int MaxRecipientDomains { get; init; } = 8;

    /// <summary>
    /// Hang up (421) on a non-SMTP command instead of answering 500. Default true: Postfix
    /// postscreen_non_smtp_command_action = drop.
    /// </summary>
    public bool CloseOnNonSmtp { get; init; } = true;
}

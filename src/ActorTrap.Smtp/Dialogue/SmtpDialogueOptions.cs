using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Dialogue;

/// <summary>Settings shared by every dialogue of one policy on one listener; immutable, build once.</summary>
public sealed class SmtpDialogueOptions
{
    private readonly int _maxErrors = 20;
    private readonly int _maxCommands = 100;
    private readonly int _maxRecipientDomains = 8;

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
    /// Errors (500, 501, 502, 503, line too long; in the tarpit the same lines, though answered 451): the error that
    /// brings the count to this number is answered 421 and the session closed. Default 20: Postfix
    /// smtpd_hard_error_limit.
    /// </summary>
    public int MaxErrors
    {
        get => _maxErrors;
        init => _maxErrors = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxErrors), value, "Must be at least 1.");
    }

    /// <summary>
    /// Lines of any kind a session answers normally; the next one is answered 421 and the session closed (QUIT still
    /// gets 221), so a client that loops does not loop forever. Default 100: Postfix smtpd_junk_command_limit,
    /// applied here to every command.
    /// </summary>
    public int MaxCommands
    {
        get => _maxCommands;
        init => _maxCommands = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxCommands), value, "Must be at least 1.");
    }

    /// <summary>
    /// Distinct recipient domains kept for the verdict (further ones are counted, not kept). Default 8: the
    /// verdict keeps "at most a few", and each costs a string per session.
    /// </summary>
    public int MaxRecipientDomains
    {
        get => _maxRecipientDomains;
        init => _maxRecipientDomains = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRecipientDomains), value, "Must not be negative.");
    }

    /// <summary>
    /// Hang up (421) on a non-SMTP command instead of answering 500. Default true: Postfix
    /// postscreen_non_smtp_command_action = drop.
    /// </summary>
    public bool CloseOnNonSmtp { get; init; } = true;
}

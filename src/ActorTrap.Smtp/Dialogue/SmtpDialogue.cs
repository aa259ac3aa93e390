using ActorTrap.Smtp.Commands;
using ActorTrap.Smtp.Framing;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Smtp.Dialogue;

/// <summary>
/// The SMTP dialogue of one session, without I/O or time: each line in, one reply out (with the events to record
/// and whether to hang up). The legal order of commands is <see cref="SmtpStateTable"/>; this class applies it,
/// counts errors and commands against the limits, and remembers what the verdict needs (HELO name and changes,
/// MAIL FROM, recipient domains, QUIT). Invariant for both policies: DATA and BDAT are never answered 250 or 354;
/// no message body is ever accepted. One per connection; not thread-safe (the session actor owns it).
/// </summary>
public sealed class SmtpDialogue
{
    private readonly SmtpDialogueOptions _options;
    private readonly Transition[,] _table;
    private List<string>? _recipientDomains;
    private List<string>? _heloNames;

    public SmtpDialogue(SmtpDialogueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _table = SmtpStateTable.For(options.Policy);
    }

    public SmtpPolicy Policy => _options.Policy;

    public SmtpDialogueState State { get; private set; }

    /// <summary>True once a reply that closes the connection was returned.</summary>
    public bool IsClosed => State == SmtpDialogueState.Closed;

    /// <summary>The first HELO/EHLO name, as sent (printable ASCII, at most 255 bytes); null before any.</summary>
    public string? Helo { get; private set; }

    /// <summary>A later HELO/EHLO named a different host than the first (compared without case).</summary>
    public bool HeloChanged { get; private set; }

    /// <summary>
    /// Every distinct HELO/EHLO name (compared without case) in order, as sent, at most <see cref="MaxHeloNames"/>: a
    /// client that says HELO before the greeting and again after it is judged by both names, not the first alone.
    /// </summary>
    public IReadOnlyList<string> HeloNames => (IReadOnlyList<string>?)_heloNames ?? [];

    /// <summary>Names kept for <see cref="HeloNames"/>: a real MTA says one, a changed one is already a sin, and each is judged at the end.</summary>
    public const int MaxHeloNames = 4;

    /// <summary>The latest MAIL FROM path (<see cref="SmtpPath.Null"/> for &lt;&gt;); null before any.</summary>
    public SmtpPath? MailFrom { get; private set; }

    /// <summary>Distinct recipient domains in lower case, in order, at most <see cref="SmtpDialogueOptions.MaxRecipientDomains"/>.</summary>
    public IReadOnlyList<string> RecipientDomains => (IReadOnlyList<string>?)_recipientDomains ?? [];

    /// <summary>RCPT TO commands accepted (or, in the tarpit, recorded).</summary>
    public int Recipients { get; private set; }

    public bool QuitReceived { get; private set; }

    /// <summary>DATA was answered 451 at least once.</summary>
    public bool DataRefused { get; private set; }

    /// <summary>Lines answered so far.</summary>
    public int Commands { get; private set; }

    /// <summary>Lines answered with an error (invalid, unknown, out of order, not offered, too long).</summary>
    public int Errors { get; private set; }

    /// <summary>Parses a line from the framer and answers it.</summary>
    public SmtpDialogueResult OnLine(ReadOnlySpan<byte> line, SmtpLineEnding ending)
    {
        var wasClosed = IsClosed;
        SmtpCommandParser.TryParse(line, out var command, out var error);
        var result = OnCommand(command, error);
        return ending == SmtpLineEnding.BareLf && !wasClosed ? result with { Events = result.Events | SmtpEvents.BareLf } : result;
    }

    /// <summary>Answers a line the framer found too long (500 5.5.2; 451 in the tarpit).</summary>
    public SmtpDialogueResult OnOverlongLine() => IsClosed
        ? AfterClose(null)
        : Answer(null, SmtpReplies.LineTooLong, SmtpEvents.LineTooLong, isError: true, close: false);

    /// <summary>
    /// Answers a command parsed elsewhere. <paramref name="parseError"/> is the parser's reply for an invalid command
    /// (ignored for a valid one); when null for an invalid one, 500 is sent.
    /// </summary>
    public SmtpDialogueResult OnCommand(SmtpCommand command, SmtpReply? parseError = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsClosed)
        {
            return AfterClose(command);
        }

        if (!command.IsValid)
        {
            var events = command.Error switch
            {
                SmtpCommandError.NonSmtp => SmtpEvents.NonSmtpCommand,
                SmtpCommandError.UnknownCommand => SmtpEvents.UnknownCommand,
                _ => SmtpEvents.SyntaxError,
            };
            var hangUp = command.Error == SmtpCommandError.NonSmtp && _options.CloseOnNonSmtp;
            var reply = hangUp ? _options.Replies[SmtpReplyId.NonSmtpClosing] : parseError ?? SmtpReplies.CommandUnrecognized;
            return Answer(command, reply, events, isError: true, close: hangUp);
        }

        var cell = _table[(int)State, (int)command.Verb];
        var effects = Apply(cell.Effects, command);
        State = cell.Next;
        var isErrorCell = (cell.Effects & (TransitionEffects.OutOfOrder | TransitionEffects.NotImplemented)) != 0;
        return Answer(command, _options.Replies[cell.Reply], effects, isErrorCell, close: cell.Next == SmtpDialogueState.Closed);
    }

    // A line read after the closing reply (it was already in the buffer): nothing is recorded; 421 again.
    private SmtpDialogueResult AfterClose(SmtpCommand? command) =>
        new(_options.Replies[SmtpReplyId.ServiceClosing], SmtpEvents.None, Close: true, command);

    private SmtpEvents Apply(TransitionEffects effects, SmtpCommand command)
    {
        var events = SmtpEvents.None;
        if ((effects & TransitionEffects.RecordHelo) != 0 && command.Domain is { } name)
        {
            events |= SmtpEvents.Helo;
            if (Helo is null)
            {
                Helo = name;
            }
            else if (!string.Equals(Helo, name, StringComparison.OrdinalIgnoreCase))
            {
                HeloChanged = true;
                events |= SmtpEvents.HeloChanged;
            }

            _heloNames ??= new List<string>(1);
            if (_heloNames.Count < MaxHeloNames && !_heloNames.Exists(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
            {
                _heloNames.Add(name);
            }
        }

        if ((effects & TransitionEffects.RecordMailFrom) != 0)
        {
            MailFrom = command.Path;
            events |= SmtpEvents.MailFrom;
        }

        if ((effects & TransitionEffects.RecordRecipient) != 0 && command.Path is { } path)
        {
            Recipients++;
            events |= SmtpEvents.Recipient;
            RememberDomain(path.Domain);
        }

        if ((effects & TransitionEffects.RefuseData) != 0)
        {
            DataRefused = true;
            events |= SmtpEvents.DataRefused;
        }

        if ((effects & TransitionEffects.Quit) != 0)
        {
            QuitReceived = true;
            events |= SmtpEvents.Quit;
        }

        events |= (effects & TransitionEffects.OutOfOrder) != 0 ? SmtpEvents.OutOfOrder : 0;
        events |= (effects & TransitionEffects.NotImplemented) != 0 ? SmtpEvents.NotImplemented : 0;
        return events;
    }

    private void RememberDomain(string domain)
    {
        if (domain.Length == 0 || (_recipientDomains?.Contains(domain) ?? false))
        {
            return;
        }

        _recipientDomains ??= new List<string>(2);
        if (_recipientDomains.Count < _options.MaxRecipientDomains)
        {
            _recipientDomains.Add(domain);
        }
    }

    // Counts the line, applies the limits and the tarpit's blanket 451, and closes on a closing reply.
    private SmtpDialogueResult Answer(SmtpCommand? command, SmtpReply reply, SmtpEvents events, bool isError, bool close)
    {
        Commands++;
        if (isError)
        {
            Errors++;
        }

        if (!close && _options.Policy == SmtpPolicy.Tarpit)
        {
            reply = SmtpReplies.TryAgainLater;
        }

        if (!close && Errors >= _options.MaxErrors)
        {
            (reply, close) = (_options.Replies[SmtpReplyId.TooManyErrors], true);
            events |= SmtpEvents.TooManyErrors;
        }
        else if (!close && Commands > _options.MaxCommands)
        {
            (reply, close) = (_options.Replies[SmtpReplyId.TooManyCommands], true);
            events |= SmtpEvents.TooManyCommands;
        }

        if (close)
        {
            State = SmtpDialogueState.Closed;
        }

        return new SmtpDialogueResult(reply, events, close, command);
    }
}

namespace ActorTrap.Smtp.Commands;

/// <summary>
/// One command line as <see cref="SmtpCommandParser"/> read it. A line that is not a valid command is still a
/// command value: <see cref="Error"/> says why and <see cref="Verb"/> what was attempted, so the dialogue can
/// count it and the session can record a non-SMTP sin. Commands without arguments are shared instances.
/// </summary>
public sealed class SmtpCommand
{
    private static readonly SmtpCommand[] Simple = Enum.GetValues<SmtpVerb>().Select(v => new SmtpCommand(v)).ToArray();
    private static readonly SmtpCommand[] NonSmtpByKind =
        Enum.GetValues<NonSmtpKind>().Select(k => new SmtpCommand(SmtpVerb.NonSmtp, SmtpCommandError.NonSmtp, k)).ToArray();
    private static readonly SmtpCommand[,] Failed = BuildFailed();

    internal SmtpCommand(SmtpVerb verb, SmtpCommandError error = SmtpCommandError.None, NonSmtpKind nonSmtp = NonSmtpKind.None,
        string? domain = null, SmtpPath? path = null, string? parameters = null)
    {
        Verb = verb;
        Error = error;
        NonSmtpKind = nonSmtp;
        Domain = domain;
        Path = path;
        Parameters = parameters;
    }

    public SmtpVerb Verb { get; }

    public SmtpCommandError Error { get; }

    public bool IsValid => Error == SmtpCommandError.None;

    /// <summary>Set when <see cref="Error"/> is <see cref="SmtpCommandError.NonSmtp"/>.</summary>
    public NonSmtpKind NonSmtpKind { get; }

    /// <summary>The HELO/EHLO name as sent: printable ASCII, 1-255 bytes, not checked further (see Analysis.HeloAnalyzer).</summary>
    public string? Domain { get; }

    /// <summary>MAIL FROM's reverse-path or RCPT TO's forward-path.</summary>
    public SmtpPath? Path { get; }

    /// <summary>MAIL/RCPT ESMTP parameters as sent (e.g. "SIZE=1024 BODY=8BITMIME"), checked for syntax only; null when none.</summary>
    public string? Parameters { get; }

    public override string ToString() => Verb switch
    {
        _ when !IsValid => Error == SmtpCommandError.NonSmtp ? $"NonSmtp({NonSmtpKind})" : $"{Verb}({Error})",
        SmtpVerb.Helo or SmtpVerb.Ehlo => $"{Verb} {Domain}",
        SmtpVerb.Mail or SmtpVerb.Rcpt => Parameters is null ? $"{Verb} {Path}" : $"{Verb} {Path} {Parameters}",
        _ => Verb.ToString(),
    };

    internal static SmtpCommand Of(SmtpVerb verb) => Simple[(int)verb];

    internal static SmtpCommand Unknown => Failed[(int)SmtpVerb.Unknown, (int)SmtpCommandError.UnknownCommand];

    internal static SmtpCommand NonSmtp(NonSmtpKind kind) => NonSmtpByKind[(int)kind];

    internal static SmtpCommand Invalid(SmtpVerb verb, SmtpCommandError error) => Failed[(int)verb, (int)error];

    private static SmtpCommand[,] BuildFailed()
    {
        var verbs = Enum.GetValues<SmtpVerb>().Length;
        var errors = Enum.GetValues<SmtpCommandError>().Length;
        var table = new SmtpCommand[verbs, errors];
        for (var v = 0; v < verbs; v++)
        {
            for (var e = 0; e < errors; e++)
            {
                table[v, e] = new SmtpCommand((SmtpVerb)v, (SmtpCommandError)e);
            }
        }

        return table;
    }
}

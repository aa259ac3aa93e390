namespace ActorTrap.Smtp.Framing;

/// <summary>What <see cref="SmtpLineFramer"/> found in the bytes it was given.</summary>
public enum SmtpLineStatus
{
    /// <summary>No complete line yet: every input byte has been taken (kept, or discarded after an overlong line).</summary>
    NeedMoreData,

    /// <summary>A complete line: its content (without CR LF) and how it ended.</summary>
    Line,

    /// <summary>
    /// A line longer than the limit: reported once, as soon as it is known, and its bytes up to and including the next
    /// LF are discarded without being kept. The session answers it (500 5.5.2 line too long) and carries on.
    /// </summary>
    Overlong,
}

namespace ActorTrap.Smtp.Dialogue;

/// <summary>What taking a transition does besides moving and replying.</summary>
[Flags]
internal enum TransitionEffects
{
    None = 0,
    RecordHelo = 1 << 0,
    RecordMailFrom = 1 << 1,
    RecordRecipient = 1 << 2,
    RefuseData = 1 << 3,
    Quit = 1 << 4,

    /// <summary>Counts towards the error limit, reported as <see cref="SmtpEvents.OutOfOrder"/>.</summary>
    OutOfOrder = 1 << 5,

    /// <summary>Counts towards the error limit, reported as <see cref="SmtpEvents.NotImplemented"/>.</summary>
    NotImplemented = 1 << 6,
}

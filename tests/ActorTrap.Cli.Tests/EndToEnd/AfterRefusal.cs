namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>What a scripted client does once the server has answered 451 to DATA.</summary>
internal enum AfterRefusal
{
    /// <summary>QUIT at once, as Postfix and Exim do.</summary>
    Quit,

    /// <summary>Hang up without QUIT: the spambot habit the detector's founding document names.</summary>
    Close,

    /// <summary>Wait 11 s (past the default 10 s quit wait), then RSET and QUIT: slow but correct.</summary>
    SlowRsetQuit,

    /// <summary>Stay connected and say nothing until the server ends the session.</summary>
    Silent,
}

namespace ActorTrap.Smtp.Dialogue;

/// <summary>How a session answers commands.</summary>
public enum SmtpPolicy
{
    /// <summary>
    /// The spambot detector (unlisted client, <c>mode = observe</c>): a plausible server up to DATA, which gets
    /// 451 4.7.1; PIPELINING is never offered, so a client that pipelines gives itself away.
    /// </summary>
    Observe,

    /// <summary>The tarpit (listed client): every command gets 451 4.7.1 except QUIT (221 and close).</summary>
    Tarpit,
}

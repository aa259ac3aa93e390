namespace ActorTrap.Node.Session;

/// <summary><c>actortrap.smtp.mode</c>: what happens to a client that is not listed.</summary>
public enum SessionMode
{
    /// <summary>Close at once (the Zombie SMTP founding document): real servers are not tied up.</summary>
    Drop,

    /// <summary>Speak SMTP up to DATA, answer 451, watch for QUIT (the spambot-detector founding document).</summary>
    Observe,
}

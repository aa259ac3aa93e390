namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// One scripted SMTP session for <see cref="SpambotClient.RunAsync(System.Net.IPAddress, System.Net.IPEndPoint, SpambotScript)"/>:
/// each founding-document sin can be switched on alone or with others; the defaults are a well-behaved client.
/// </summary>
internal sealed record SpambotScript
{
    /// <summary>Send HELO right after the first greeting line, before the final 220 (pregreet).</summary>
    public bool Pregreet { get; init; }

    /// <summary>Say <c>GET / HTTP/1.0</c> instead of HELO (non-smtp); the server hangs up on it.</summary>
    public bool NonSmtp { get; init; }

    public string Helo { get; init; } = "mail.sender.test";

    public string From { get; init; } = "sender@sender.test";

    public string Recipient { get; init; } = "user@corpus.test";

    /// <summary>Send MAIL, RCPT and DATA in one write though PIPELINING was not offered (HELO offers nothing).</summary>
    public bool Pipelining { get; init; }

    /// <summary>End the HELO line with a bare LF instead of CRLF.</summary>
    public bool BareLf { get; init; }

    public AfterRefusal After { get; init; } = AfterRefusal.Quit;
}

namespace ActorTrap.Smtp.Commands;

/// <summary>
/// Which other protocol a line belongs to, after Postfix postscreen's non_smtp_command test (HTTP methods,
/// CONNECT, a "Header: value" line) plus what open-proxy and port scanners send a mail port.
/// </summary>
public enum NonSmtpKind : byte
{
    None,

    /// <summary>An HTTP request line (GET, POST, HEAD, PUT, DELETE, OPTIONS, TRACE, PATCH, or the HTTP/2 preface PRI).</summary>
    HttpRequest,

    /// <summary>An HTTP CONNECT: someone looking for an open proxy.</summary>
    HttpConnect,

    /// <summary>A "Name: value" header line (User-Agent:, Host:, From:): HTTP headers or a message sent without DATA.</summary>
    HeaderLine,

    /// <summary>A PROXY protocol v1 header from a peer that is not trusted to send one.</summary>
    ProxyHeader,

    /// <summary>POP3/FTP login commands (USER, PASS).</summary>
    MailboxLogin,

    /// <summary>A TLS ClientHello: the client wanted implicit TLS (SMTPS) on a plain port.</summary>
    TlsHandshake,

    /// <summary>A line that starts with a control or 8-bit byte: binary data, not a command.</summary>
    Binary,
}

namespace ActorTrap.Smtp.Framing;

/// <summary>How a line ended. RFC 5321 2.3.8 requires CRLF; a bare LF is a sin that real MTAs do not commit.</summary>
public enum SmtpLineEnding : byte
{
    CrLf,
    BareLf,
}

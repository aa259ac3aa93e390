namespace ActorTrap.Smtp.Proxy;

public enum ProxyParseStatus
{
    /// <summary>The bytes so far are a valid beginning; read more and call again with everything received.</summary>
    NeedMoreData,

    /// <summary>A complete header; <see cref="ProxyParseResult.Consumed"/> bytes belong to it, SMTP starts after them.</summary>
    Parsed,

    /// <summary>Not a valid PROXY header (<see cref="ProxyParseResult.Error"/> says why): close the connection.</summary>
    Invalid,
}

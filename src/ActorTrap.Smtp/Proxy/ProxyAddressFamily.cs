namespace ActorTrap.Smtp.Proxy;

public enum ProxyAddressFamily
{
    /// <summary>v1 UNKNOWN or v2 AF_UNSPEC: no addresses; use the real endpoints.</summary>
    Unspecified,

    /// <summary>TCP4 / AF_INET.</summary>
    Inet,

    /// <summary>TCP6 / AF_INET6.</summary>
    Inet6,

    /// <summary>v2 AF_UNIX: socket paths, not IP endpoints; treated as no addresses.</summary>
    Unix,
}

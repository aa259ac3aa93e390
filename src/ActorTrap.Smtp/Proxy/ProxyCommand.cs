namespace ActorTrap.Smtp.Proxy;

public enum ProxyCommand
{
    /// <summary>The connection is relayed for a client; the header's addresses (if any) are the client's.</summary>
    Proxy,

    /// <summary>v2 LOCAL: the proxy's own connection (health check): use the real endpoints.</summary>
    Local,
}

namespace ActorTrap.Node.Admin;

/// <summary>What a <see cref="ReadinessCheck"/> says about its stage.</summary>
internal enum ReadinessState
{
    /// <summary>The stage does its work.</summary>
    Ready,

    /// <summary>The stage works with less than it should (DNSBL zones failing their self-test); the node stays ready.</summary>
    Degraded,

    /// <summary>The node should get no traffic: /readyz answers 503.</summary>
    NotReady,
}

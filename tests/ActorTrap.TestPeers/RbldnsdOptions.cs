using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>How <see cref="Rbldnsd.StartAsync(RbldnsdOptions, CancellationToken)"/> runs rbldnsd.</summary>
public sealed class RbldnsdOptions
{
    public IList<RbldnsdZone> Zones { get; } = [];

    /// <summary>Loopback address to bind; use distinct 127.x.y.z only when a test needs several peers apart.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>rbldnsd's <c>-t</c>: the TTL of answers whose data sets none. 60 s as in the command line.</summary>
    public TimeSpan DefaultTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>rbldnsd's <c>-c</c>: how often it checks zone files for changes; null keeps rbldnsd's default (1 min). <see cref="Rbldnsd.Reload"/> is immediate.</summary>
    public TimeSpan? CheckInterval { get; init; }

    /// <summary>How long to wait for the first answer before failing the test.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

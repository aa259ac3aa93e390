using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>A zone unbound sends on to another server instead of recursing from the root (there is no internet here).</summary>
/// <param name="Zone">e.g. <c>bl.test</c>.</param>
/// <param name="Server">The upstream, e.g. an <see cref="Rbldnsd"/>'s <see cref="Rbldnsd.EndPoint"/>.</param>
/// <param name="Stub">
/// True for a <c>stub-zone</c> (the upstream is authoritative, queries go without RD; right for rbldnsd), false for a
/// <c>forward-zone</c> (the upstream is itself a recursive resolver).
/// </param>
public sealed record UnboundUpstream(string Zone, IPEndPoint Server, bool Stub = true);

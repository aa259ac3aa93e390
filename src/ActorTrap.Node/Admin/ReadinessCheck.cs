namespace ActorTrap.Node.Admin;

/// <summary>One condition of <c>/readyz</c>: a stage says whether the node can do its work (listeners bound, store reachable or spooling, ...).</summary>
/// <param name="Probe">Cheap and non-blocking: the kubelet calls it every few seconds. Detail is shown without a token, so no secrets or client data.</param>
internal sealed record ReadinessCheck(string Name, Func<(ReadinessState State, string Detail)> Probe)
{
    /// <summary>A check that is either ready or not.</summary>
    public ReadinessCheck(string name, Func<(bool Ready, string Detail)> probe)
        : this(name, () =>
        {
            var (ready, detail) = probe();
            return (ready ? ReadinessState.Ready : ReadinessState.NotReady, detail);
        })
    {
    }
}

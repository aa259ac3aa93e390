namespace ActorTrap.Node.Admin.Dashboard;

/// <summary>
/// One point of the dashboard's history: the totals its charts are drawn from, as the page reads them from
/// <c>/api/dashboard</c> and <c>/metrics</c>. Counters are totals since start; the page turns two samples into a rate.
/// </summary>
/// <param name="At">The node's clock when sampled.</param>
/// <param name="Held">Clients held at that moment.</param>
/// <param name="Sessions">Sessions ended per outcome (<c>actortrap_smtp_sessions_total{outcome}</c>).</param>
/// <param name="ShedAtAccept">Connections closed at accept (<c>actortrap_smtp_connections_shed_total</c>).</param>
/// <param name="Sins">Sins per kind (<c>actortrap_smtp_sins_total{sin}</c>).</param>
/// <param name="HeldSeconds">Time spammers spent held, ended holds and ongoing ones, in seconds.</param>
/// <param name="BytesTrickled">Bytes trickled to held clients.</param>
internal sealed record DashboardSample(
    DateTimeOffset At,
    int Held,
    IReadOnlyDictionary<string, long> Sessions,
    long ShedAtAccept,
    IReadOnlyDictionary<string, long> Sins,
    double HeldSeconds,
    long BytesTrickled);

using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;

namespace ActorTrap.Node.Traps;

/// <summary>
/// <c>actortrap.traps.page.visits{result=served|limited}</c> and
/// <c>actortrap.traps.tokens{result=opened|expired|exempt|forged|unknown-key|not-a-token}</c> (docs/metrics.md).
/// One instance per node; the counts are also read directly (specs, the dashboard).
/// </summary>
internal sealed class TrapMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly Counter<long> visits;
    private readonly Counter<long> tokens;
    private long served, limited, opened, expired;

    public TrapMetrics(NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterNames.Traps);
        visits = meter.CreateCounter<long>("actortrap.traps.page.visits", description: "Trap page requests by result (served, limited)");
        tokens = meter.CreateCounter<long>("actortrap.traps.tokens",
            description: "Recipients at tagged trap domains by what their token gave (opened, expired, exempt, forged, unknown-key, not-a-token)");
    }

    public long Served => Interlocked.Read(ref served);

    public long Limited => Interlocked.Read(ref limited);

    public long Opened => Interlocked.Read(ref opened);

    public long Expired => Interlocked.Read(ref expired);

    /// <summary>Observes how many clients the page's rate limiter remembers (<c>actortrap.traps.page.clients</c>).</summary>
    public void ObserveClients(Func<int> count) =>
        meter.CreateObservableGauge("actortrap.traps.page.clients", count, description: "Clients the trap page's rate limiter remembers");

    public void Visit(bool served)
    {
        if (served)
        {
            Interlocked.Increment(ref this.served);
        }
        else
        {
            Interlocked.Increment(ref limited);
        }

        visits.Add(1, new KeyValuePair<string, object?>("result", served ? "served" : "limited"));
    }

    public void Token(string result)
    {
        if (result == "opened")
        {
            Interlocked.Increment(ref opened);
        }
        else if (result == "expired")
        {
            Interlocked.Increment(ref expired);
        }

        tokens.Add(1, new KeyValuePair<string, object?>("result", result));
    }

    public void Dispose() => meter.Dispose();
}

using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Session;
using ActorTrap.Node.Traps;
using Akka.Actor;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>
/// The sessions' <see cref="IVerdictSink"/>: turns each verdict with evidence into its evidence delta, gives it a
/// verdict id (<see cref="VerdictIds"/>) and hands it to this node's outbox, which sends it to its address's entity.
/// Never blocks and never throws. Verdicts with no sin and no virtue are counted and not stored: a clean session
/// says nothing to remember. A harvest (issue 18) takes the same way as evidence about its harvester.
/// </summary>
internal sealed class VerdictRouter(IActorRef outbox, ReputationCounters counters, IReadOnlyList<System.Net.IPNetwork> allow, int maxReasons) : IVerdictSink, IHarvestSink
{
    private readonly VerdictIds ids = new();

    // Swapped whole by a reload (SIGHUP) while sessions submit on other threads; a verdict sees the old list or the new.
    private volatile IReadOnlyList<System.Net.IPNetwork> allow = allow;

    /// <summary><c>actortrap.reputation.allow</c> after a reload: verdicts submitted from now on are judged against it.</summary>
    public void UseAllowList(IReadOnlyList<System.Net.IPNetwork> networks) => allow = networks;

    public void Submit(Verdict verdict)
    {
        if (verdict?.Client is null)
        {
            counters.VerdictRejected();
            return;
        }

        counters.VerdictIn();
        if (!verdict.Sins.Any(s => s.Weight != 0) || !double.IsFinite(verdict.Score))
        {
            counters.VerdictClean();
            return;
        }

        var delta = Scorer.FromVerdict(verdict, Networks.Contains(allow, verdict.Client), maxReasons) with { Ids = [ids.Next()] };
        outbox.Tell(delta, ActorRefs.NoSender);
    }

    /// <summary>
    /// Evidence about the harvester of a tagged trap address that was used: no score, the harvester flag, and the
    /// harvest as its reason (<see cref="HarvestReason"/>). An allow-listed harvester is recorded and never listed.
    /// </summary>
    public void Submit(HarvestEvidence harvest)
    {
        if (harvest?.Harvester is null)
        {
            counters.VerdictRejected();
            return;
        }

        var address = Networks.NormaliseAddress(harvest.Harvester);
        var at = Scorer.TruncateToMilliseconds(harvest.UsedAt);
        var delta = new EvidenceDelta(address, 0, at, at, 1, Scorer.NormaliseReasons([HarvestReason.Format(harvest)], maxReasons), false,
            Networks.Contains(allow, address))
        {
            Harvester = true,
            Ids = [ids.Next()],
        };
        outbox.Tell(delta, ActorRefs.NoSender);
    }
}

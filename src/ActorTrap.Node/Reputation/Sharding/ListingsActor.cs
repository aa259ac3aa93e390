using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Store;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>
/// Keeps this node's copy of our blacklist current, <c>/user/reputation/listings</c>. Every listing change is
/// announced on the cluster's distributed pub/sub topic <see cref="Topic"/> (<see cref="Announce"/>) and applied here
/// when it arrives. Pub/sub delivers at most once and only to subscribers the announcer already knows of, so the copy
/// is reloaded from the store (the source of truth) when this node has subscribed, once more after the subscription
/// has spread (<c>resync-settle</c>), when this node is up in the cluster, and whenever a member becomes reachable
/// again (announcements may have been lost meanwhile), and every <see cref="PeriodicResync"/> as a backstop. Changes
/// that arrive during a reload are applied after it. Changes that arrive together (an import announces one per
/// network) are applied as one run when the actor next gets to its own <c>ApplyPending</c>, so the copy's manual set
/// is rebuilt once per run, not once per change.
/// </summary>
internal sealed class ListingsActor(LocalBlacklist blacklist, IReputationStore store, ILogger logger, TimeSpan settle, TimeSpan retry)
    : UntypedActor, IWithTimers
{
    public const string Topic = "actortrap-listings";

    /// <summary>A full reload this often whatever happens: one lost announcement is never kept longer than this.</summary>
    public static readonly TimeSpan PeriodicResync = TimeSpan.FromMinutes(10);

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly TimeProvider clock = Context.Clock();
    private readonly Akka.Cluster.Cluster cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly List<ListingChange> buffered = [];
    private readonly List<ListingChange> pending = [];
    private bool loading;
    private bool again;
    private long resyncs;
    private long applied;

    /// <summary>Announces a change to every node's copy (this node's too).</summary>
    public static void Announce(ActorSystem system, ListingChange change) =>
        DistributedPubSub.Get(system).Mediator.Tell(new Publish(Topic, change));

    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topic, Self));
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.ReachableMember));
        Timers.StartPeriodicTimer("periodic", ResyncNow.Instance, PeriodicResync);
    }

    protected override void PostStop() => cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ListingChange change when loading:
                buffered.Add(change);
                break;
            case ListingChange change:
                if (pending.Count == 0)
                {
                    Self.Tell(ApplyPending.Instance);
                }

                pending.Add(change);
                break;
            case ApplyPending:
                Apply(pending);
                pending.Clear();
                break;
            case SubscribeAck:
                Resync();
                Timers.StartSingleTimer("settle", ResyncNow.Instance, settle);
                break;
            case ClusterEvent.MemberUp up when up.Member.Address.Equals(cluster.SelfAddress):
                Resync();
                break;
            case ClusterEvent.ReachableMember:
                Resync();
                break;
            case ClusterEvent.IMemberEvent:
                break;
            case ResyncNow:
                Resync();
                break;
            case Loaded loaded:
                blacklist.Replace(loaded.Listings);
                loading = false;
                resyncs++;
                Apply(buffered);
                buffered.Clear();
                Log.ListingsResynced(logger, loaded.Listings.Count);
                if (again)
                {
                    again = false;
                    Resync();
                }

                break;
            case LoadFailed failed:
                loading = false;
                Apply(buffered);
                buffered.Clear();
                Log.ListingsResyncFailed(logger, failed.Error.Message, retry);
                Timers.StartSingleTimer("retry", ResyncNow.Instance, retry);
                break;
            case GetListingsStats:
                Sender.Tell(new ListingsStats(resyncs, applied, blacklist.Count));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Resync()
    {
        if (loading)
        {
            again = true;
            return;
        }

        // Changes that came before the reload starts are older than what it reads: apply them first.
        Apply(pending);
        pending.Clear();
        loading = true;
        var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var load = store.LoadListingsAsync(clock.GetUtcNow(), timeout.Token);
        load.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
        load.PipeTo(Self, success: l => new Loaded(l), failure: e => new LoadFailed(e));
    }

    private void Apply(List<ListingChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        applied += changes.Count;
        blacklist.ApplyRun([.. changes.Select(change => change.Kind switch
        {
            ListingChangeKind.Listed when change.Listing is { } listing => BlacklistChange.Of(listing),
            ListingChangeKind.Delisted => new BlacklistChange(null, null, change.Network.BaseAddress),
            ListingChangeKind.ManualDelisted => new BlacklistChange(null, change.Network, null),
            _ => default,
        })]);
    }

    /// <summary>Sent to itself when the first change of a run arrives; by the time it is processed the run has queued up behind it.</summary>
    private sealed record ApplyPending
    {
        public static readonly ApplyPending Instance = new();
    }

    private sealed record ResyncNow
    {
        public static readonly ResyncNow Instance = new();
    }

    private sealed record Loaded(IReadOnlyList<Listing> Listings);

    private sealed record LoadFailed(Exception Error);
}

internal sealed record GetListingsStats
{
    public static readonly GetListingsStats Instance = new();
}

/// <param name="Resyncs">Full reloads from the store since start.</param>
/// <param name="Applied">Announced changes applied since start.</param>
internal sealed record ListingsStats(long Resyncs, long Applied, int Count);

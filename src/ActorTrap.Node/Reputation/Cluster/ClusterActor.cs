using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>
/// This node's membership and its share of the cluster chores. With PostgreSQL it heartbeats into the node
/// registry, reads the members back (up, or unreachable past <c>unreachable-after</c>), and every chore interval
/// takes or confirms the chores lock; the holder runs the registered chores and removes nodes silent past
/// <c>removed-after</c>. With SQLite the node is a cluster of one and always runs the chores. Database work runs
/// as piped tasks, at most one heartbeat and one chore round at a time.
/// </summary>
internal sealed class ClusterActor : UntypedActor, IWithTimers
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The system's clock (<see cref="ActorClock"/>), read once: every time this actor keeps is on it.</summary>
    private readonly TimeProvider clock = Context.Clock();

    private readonly string self;
    private string address;
    private readonly ClusterOptions options;
    private readonly TimeSpan choreInterval;
    private readonly PostgresClusterDirectory? directory;
    private readonly ChoreRegistry chores;
    private readonly ILogger logger;
    private readonly DateTimeOffset startedAt;
    private IReadOnlyList<ClusterMember> members = [];
    private string? choreHolder;
    private bool holdsChores;
    private bool heartbeatBusy;
    private bool choresBusy;
    private long choreRuns;
    private long choreRounds;
    private DateTimeOffset cooldownUntil;
    private readonly HashSet<string> unreachable = [];
    private readonly Func<int> heldNow;

    public ClusterActor(string self, string address, ClusterOptions options, TimeSpan choreInterval, PostgresClusterDirectory? directory, ChoreRegistry chores, ILogger logger,
        Func<int>? heldNow = null)
    {
        this.self = self;
        this.address = address;
        this.options = options;
        this.choreInterval = choreInterval;
        this.directory = directory;
        this.chores = chores;
        this.logger = logger;
        this.heldNow = heldNow ?? (static () => 0);
        startedAt = clock.GetUtcNow();
        members = [new ClusterMember(self, address, options.Roles, startedAt, startedAt, MemberStatus.Up)];
    }

    protected override void PreStart()
    {
        if (directory is not null)
        {
            Self.Tell(HeartbeatTick.Instance);
            Timers.StartPeriodicTimer(HeartbeatTick.Instance, HeartbeatTick.Instance, options.HeartbeatInterval);
        }

        Self.Tell(ChoreTick.Instance);
        Timers.StartPeriodicTimer(ChoreTick.Instance, ChoreTick.Instance, choreInterval);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case HeartbeatTick when !heartbeatBusy && directory is not null:
                heartbeatBusy = true;
                HeartbeatAsync(directory, clock.GetUtcNow()).PipeTo(Self, failure: e => new HeartbeatFailed(e));
                break;
            case HeartbeatTick:
                break;
            case HeartbeatDone done:
                heartbeatBusy = false;
                Observe(done);
                break;
            case HeartbeatFailed failed:
                heartbeatBusy = false;
                Log.HeartbeatFailed(logger, failed.Error.Message);
                break;
            case ChoreTick when !choresBusy:
                choresBusy = true;
                var now = clock.GetUtcNow();
                RunChoresAsync(now, mayAcquire: now >= cooldownUntil).PipeTo(Self, failure: e => new ChoresDone(false, [], e));
                break;
            case ChoreTick:
                break;
            case ChoresDone done:
                choresBusy = false;
                ChoresFinished(done);
                break;
            case AdvertiseAddress a:
                address = a.Address;
                if (directory is null)
                {
                    // A cluster of one has no registry to read itself back from.
                    members = [members[0] with { Address = address }];
                }

                Self.Tell(HeartbeatTick.Instance);
                break;
            case GetClusterState:
                // This node's own held count is live; the others' are from their last heartbeat.
                var held = heldNow();
                Sender.Tell(new ClusterState(self, directory is null ? "sqlite" : "postgres", [.. members.Select(m => m.Name == self ? m with { Held = held } : m)],
                    directory is null ? self : choreHolder, holdsChores, choreRuns, choreRounds));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private async Task<HeartbeatDone> HeartbeatAsync(PostgresClusterDirectory d, DateTimeOffset now)
    {
        using var timeout = new CancellationTokenSource(options.HeartbeatInterval * 5);
        await d.HeartbeatAsync(address, options.Roles, startedAt, now, heldNow(), timeout.Token).ConfigureAwait(false);
        var (read, holder) = await d.ReadAsync(now, options.UnreachableAfter, timeout.Token).ConfigureAwait(false);
        return new HeartbeatDone(read, holder, now);
    }

    private void Observe(HeartbeatDone done)
    {
        members = done.Members;
        choreHolder = done.ChoreHolder;
        foreach (var member in done.Members)
        {
            if (member.Status == MemberStatus.Unreachable && unreachable.Add(member.Name))
            {
                Log.MemberUnreachable(logger, member.Name, done.Now - member.LastHeartbeat);
            }
            else if (member.Status == MemberStatus.Up)
            {
                unreachable.Remove(member.Name);
            }
        }

        unreachable.IntersectWith(done.Members.Select(m => m.Name));
    }

    private async Task<ChoresDone> RunChoresAsync(DateTimeOffset now, bool mayAcquire)
    {
        using var timeout = new CancellationTokenSource(choreInterval * 4 + TimeSpan.FromSeconds(10));
        var holds = directory is null || await directory.EnsureChoresAsync(mayAcquire, timeout.Token).ConfigureAwait(false);
        if (!holds)
        {
            return new ChoresDone(false, [], null);
        }

        foreach (var chore in chores.All)
        {
            try
            {
                await chore.RunAsync(now, timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failing chore must not stop the others or the next round; it is logged
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ChoreFailed(logger, chore.Name, e.Message);
            }
        }

        var removed = directory is null ? [] : await directory.RemoveStaleAsync(now - options.RemovedAfter, timeout.Token).ConfigureAwait(false);
        return new ChoresDone(true, removed, null);
    }

    private void ChoresFinished(ChoresDone done)
    {
        choreRounds++;
        if (done.Holds)
        {
            choreRuns++;
            if (!holdsChores && directory is not null)
            {
                Log.ChoresAcquired(logger);
            }

            choreHolder = self;
        }
        else if (holdsChores)
        {
            Log.ChoresLost(logger, done.Error?.Message ?? "another node holds the lock");
            // A node that just lost its lock connection is likely in trouble: let the others take the chores first.
            cooldownUntil = clock.GetUtcNow() + choreInterval * 2;
            if (choreHolder == self)
            {
                choreHolder = null;
            }
        }

        holdsChores = done.Holds;
        foreach (var name in done.Removed)
        {
            Log.MemberRemoved(logger, name, options.RemovedAfter);
            members = members.Where(m => m.Name != name).ToList();
        }
    }

    private sealed record HeartbeatDone(IReadOnlyList<ClusterMember> Members, string? ChoreHolder, DateTimeOffset Now);

    private sealed record HeartbeatFailed(Exception Error);

    private sealed record ChoresDone(bool Holds, IReadOnlyList<string> Removed, Exception? Error);
}

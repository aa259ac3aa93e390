using System.Diagnostics.Metrics;
using ActorTrap.Node.Metrics;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// The actor system on /metrics (meter <c>ActorTrap.Actors</c>): live actors and mailbox depths by actor type (so a
/// backlog in the shards or the resolver shows), dead letters and unhandled messages. One walk of the actor tree
/// per scrape serves every gauge, so 18,000 session actors cost one pass.
/// </summary>
internal sealed class ActorMetrics : IDisposable
{
    // A scrape reads several gauges back to back; they share one snapshot taken within this window.
    private static readonly TimeSpan SnapshotReuse = TimeSpan.FromSeconds(1);

    private readonly Meter meter;
    private readonly ActorSystem system;
    private readonly Lock gate = new();
    private Dictionary<string, (long Actors, long Depth, long MaxDepth)> byType = [];
    private long takenAt = long.MinValue;

    public ActorMetrics(ActorSystem system, NodeMeters? meters = null)
    {
        meter = (meters ?? NodeMeters.Unscoped).Create(MeterNames.Actors);
        this.system = system;
        var events = ActorEvents.Watch(system);
        meter.CreateObservableGauge("actortrap.actors.live", () => Measure(t => t.Actors), description: "Live actors, by actor type");
        meter.CreateObservableGauge("actortrap.actors.mailbox.depth", () => Measure(t => t.Depth), description: "Messages waiting in mailboxes, summed by actor type");
        meter.CreateObservableGauge("actortrap.actors.mailbox.depth.max", () => Measure(t => t.MaxDepth), description: "Deepest mailbox, by actor type");
        meter.CreateObservableCounter("actortrap.actors.dead_letters", () => events.DeadLetters, description: "Messages to stopped actors");
        meter.CreateObservableCounter("actortrap.actors.unhandled", () => events.Unhandled, description: "Messages an actor did not understand");
    }

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Measure(Func<(long Actors, long Depth, long MaxDepth), long> pick)
    {
        Dictionary<string, (long, long, long)> current;
        lock (gate)
        {
            var now = Environment.TickCount64;
            if (takenAt == long.MinValue || now - takenAt > SnapshotReuse.TotalMilliseconds)
            {
                byType = Tally(ActorTree.Snapshot(system));
                takenAt = now;
            }

            current = byType;
        }

        return [.. current.Select(kv => new Measurement<long>(pick(kv.Value), new KeyValuePair<string, object?>("type", kv.Key)))];
    }

    private static Dictionary<string, (long, long, long)> Tally(ActorSnapshot? root)
    {
        var result = new Dictionary<string, (long Actors, long Depth, long MaxDepth)>(StringComparer.Ordinal);
        var stack = new Stack<ActorSnapshot>();
        if (root is not null)
        {
            stack.Push(root);
        }

        while (stack.TryPop(out var node))
        {
            var t = result.GetValueOrDefault(node.ActorType);
            result[node.ActorType] = (t.Actors + 1, t.Depth + node.MailboxDepth, Math.Max(t.MaxDepth, node.MailboxDepth));
            foreach (var child in node.Children)
            {
                stack.Push(child);
            }
        }

        return result.ToDictionary(kv => kv.Key, kv => ((long, long, long))kv.Value, StringComparer.Ordinal);
    }
}

namespace ActorTrap.Actors.Tests.Support;

/// <summary>Reports its lifecycle hooks to a probe and throws on request: the subject of supervision tests.</summary>
internal sealed class LifecycleRecorder(IActorRef probe) : Actor
{
    private int handled;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Exception ex:
                throw ex;
            case "count":
                Sender.Tell(handled);
                break;
            default:
                handled++;
                probe.Tell(message);
                break;
        }
    }

    protected override void PreStart() => probe.Tell("PreStart");

    protected override void PostStop() => probe.Tell("PostStop");

    protected override void PreRestart(Exception reason, object? message)
    {
        probe.Tell($"PreRestart:{reason.Message}:{message switch { Exception e => e.Message, null => "null", _ => message }}");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        probe.Tell($"PostRestart:{reason.Message}");
        base.PostRestart(reason);
    }
}

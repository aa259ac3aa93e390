namespace ActorTrap.Actors.Tests.Support;

/// <summary>Creates one child "child" from the given props and hands out its ref; supervision comes from its own Props.</summary>
internal sealed class Supervisor(Props childProps, IActorRef? probe = null) : Actor
{
    protected override void PreStart() => Context.ActorOf(childProps, "child");

    protected override void PostRestart(Exception reason)
    {
        probe?.Tell($"supervisor PostRestart:{reason.Message}");
        base.PostRestart(reason);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case "child":
                Sender.Tell((object?)Context.Child("child") ?? "none");
                break;
            case Exception ex:
                throw ex;
        }
    }
}

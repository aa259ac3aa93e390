namespace ActorTrap.Actors;

/// <summary>The temporary responder of one Ask: the first message completes it; later ones are dead letters.</summary>
internal sealed class PromiseRef : IActorRef
{
    private static long counter;
    private readonly ActorSystem? system;
    private readonly TaskCompletionSource<object> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PromiseRef(ActorSystem? system)
    {
        this.system = system;
        Path = "/temp/$" + Interlocked.Increment(ref counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Path { get; }

    public Task<object> Task => completion.Task;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!completion.TrySetResult(message))
        {
            system?.DeadLetters.Publish(message, sender, this, "reply after the ask completed");
        }
    }

    public override string ToString() => Path;
}

using Akka.Actor;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>
/// Props from a plain factory. Akka's <c>Props.Create(() =&gt; new T(...))</c> takes an expression tree and finds
/// the constructor by reflection for every actor it creates; a session actor per connection makes that the hot path,
/// so ActorTrap's actors are created by a delegate through an <see cref="IIndirectActorProducer"/>.
/// The factory runs on the actor's first start and on every restart.
/// </summary>
internal static class ActorProps
{
    public static Props Of<T>(Func<T> factory)
        where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Props.CreateBy(new Producer<T>(factory));
    }

    private sealed class Producer<T>(Func<T> factory) : IIndirectActorProducer
        where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}

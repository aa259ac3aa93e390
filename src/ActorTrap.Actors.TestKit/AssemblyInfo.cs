namespace ActorTrap.Actors.TestKit;

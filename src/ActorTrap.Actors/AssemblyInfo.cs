namespace ActorTrap.Actors;

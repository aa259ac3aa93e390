namespace ActorTrap.Hocon;

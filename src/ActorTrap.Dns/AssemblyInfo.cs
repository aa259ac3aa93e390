namespace ActorTrap.Dns;

namespace ActorTrap.Node;

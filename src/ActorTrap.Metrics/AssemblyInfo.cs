namespace ActorTrap.Metrics;

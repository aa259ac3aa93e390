namespace ActorTrap.Smtp;

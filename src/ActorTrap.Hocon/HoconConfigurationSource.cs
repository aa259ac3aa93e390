using Microsoft.Extensions.Configuration;

namespace ActorTrap.Hocon;

/// <summary>A configuration source over an already resolved <see cref="HoconConfig"/>.</summary>
public sealed class HoconConfigurationSource(HoconConfig config) : IConfigurationSource
{
    public HoconConfig Config { get; } = config;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(Config);
}

using Microsoft.Extensions.Configuration;

namespace ActorTrap.Hocon;

public static class HoconConfigurationExtensions
{
    /// <summary>Adds a resolved config; keys become <c>actortrap:smtp:hold</c>, array elements <c>:0</c>, <c>:1</c>.</summary>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, HoconConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return builder.Add(new HoconConfigurationSource(config));
    }

    /// <summary>Parses, resolves and adds one file (no reference layering; use <see cref="HoconConfig.Load"/> for that).</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHocon(HoconConfig.Load([HoconParser.ParseFile(path)], environment));
    }
}

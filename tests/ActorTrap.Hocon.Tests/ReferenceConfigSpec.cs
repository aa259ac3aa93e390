namespace ActorTrap.Hocon.Tests;

/// <summary>The repository's reference configuration must stay readable by this reader, and render back to itself.</summary>
public sealed class ReferenceConfigSpec
{
    private static string? ReferencePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon", "actortrap.conf");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [Fact]
    public void Reference_config_parses_resolves_and_round_trips()
    {
        if (ReferencePath() is not { } path)
        {
            return;
        }

        var config = HoconConfig.Load([HoconParser.ParseFile(path)], _ => null);
        Assert.True(config.HasPath("actortrap"));
        var again = HoconConfig.Parse(config.Render(withOrigins: true), "rendered", _ => null);
        Assert.True(config.StructurallyEquals(again));
        Assert.All(config.Leaves(), leaf => Assert.Equal(path, leaf.Origin.Name));
    }

    [Fact]
    public void Every_key_of_the_reference_is_listed_with_its_line()
    {
        if (ReferencePath() is not { } path)
        {
            return;
        }

        var doc = HoconParser.ParseFile(path);
        Assert.All(doc.Keys, key => Assert.True(key.Origin.Line > 0));
    }
}

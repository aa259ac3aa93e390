namespace ActorTrap.Cli.Tests;

/// <summary>The repository's top folder, found by walking up from the test binaries to ActorTrap.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "ActorTrap.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("ActorTrap.sln not found above " + AppContext.BaseDirectory);
    }
}

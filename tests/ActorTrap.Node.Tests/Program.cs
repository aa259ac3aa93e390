using ActorTrap.Node.Tests.Reputation.Store;

namespace ActorTrap.Node.Tests;

/// <summary>
/// Entry point of the test assembly when run as a program (<c>dotnet ActorTrap.Node.Tests.dll MODE ...</c>): the
/// crash tests start it as a child process they can kill. Under the test runner it is never called.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        ["sqlite-writer", var path, var batches] => await SqliteCrashWriter.RunAsync(path, int.Parse(batches, System.Globalization.CultureInfo.InvariantCulture)),
        _ => 2,
    };
}

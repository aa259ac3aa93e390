namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish.rbldnsd</c>: the zone file for a real rbldnsd.</summary>
/// <param name="Path">Where the file is written; empty turns the export off.</param>
/// <param name="MinInterval">Least time between two rewrites, however often the list changes.</param>
public sealed record RbldnsdExportOptions(string Path, TimeSpan MinInterval)
{
    public bool Enabled => Path.Length > 0;
}

namespace ActorTrap.Hocon.Parsing;

/// <summary>The chain of files being parsed, so an include cycle is reported instead of recursing until the stack overflows.</summary>
internal sealed class IncludeContext
{
    // Deep enough for any sane layering, shallow enough that a chain of distinct files cannot exhaust the stack.
    public const int MaxDepth = 32;

    private readonly List<string> files = [];

    /// <summary>Treat every include as <c>required(...)</c>: a missing file is an error instead of being skipped.</summary>
    public bool AllRequired { get; init; }

    public int Depth => files.Count;

    public bool Contains(string fullPath) => files.Contains(fullPath, StringComparer.Ordinal);

    public IReadOnlyList<string> Files => files;

    public void Push(string fullPath) => files.Add(fullPath);

    public void Pop() => files.RemoveAt(files.Count - 1);
}

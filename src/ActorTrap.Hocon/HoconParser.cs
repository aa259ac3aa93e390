using ActorTrap.Hocon.Parsing;

namespace ActorTrap.Hocon;

/// <summary>Parses HOCON text into unresolved documents; <see cref="HoconConfig.Load"/> layers and resolves them.</summary>
public static class HoconParser
{
    /// <param name="originName">Name used in every origin and error, e.g. "app.conf" or "--set".</param>
    /// <param name="baseDirectory">Directory that relative includes are resolved against; the current directory when null.</param>
    /// <exception cref="HoconException">The text is not valid HOCON; the message starts with originName:line:column.</exception>
    public static HoconDocument Parse(string text, string originName, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(originName);
        var root = Parser.ParseDocument(text, originName, baseDirectory, new IncludeContext(), [], new object());
        return new HoconDocument(root, originName);
    }

    /// <summary>Parses a file; its includes are relative to its directory, and the path as given names it in origins.</summary>
    public static HoconDocument ParseFile(string path) => ParseFile(path, allIncludesRequired: false);

    /// <param name="path">The file to parse.</param>
    /// <param name="allIncludesRequired">
    /// When true a missing plain <c>include "f"</c> is an error, as if written <c>required(...)</c>. The spec skips it,
    /// which suits layered library defaults but lets a mistyped file name silently leave a daemon on its defaults.
    /// </param>
    public static HoconDocument ParseFile(string path, bool allIncludesRequired)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new HoconException($"cannot read {path}: {e.Message}", e);
        }

        if (!File.Exists(fullPath))
        {
            throw new HoconException($"cannot read {path}: no such file");
        }

        var text = Parser.ReadFile(fullPath, null);
        var includes = new IncludeContext { AllRequired = allIncludesRequired };
        includes.Push(fullPath);
        var root = Parser.ParseDocument(text, path, Path.GetDirectoryName(fullPath), includes, [], new object());
        return new HoconDocument(root, path);
    }
}

using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon.Parsing;

internal sealed partial class Parser
{
    // A configuration file larger than this is not one; refusing it keeps a mistaken path from eating memory.
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary><c>include</c> is a keyword only at the start of a key and only when an include target follows.</summary>
    private bool AtInclude()
    {
        if (!r.StartsWith("include"))
        {
            return false;
        }

        var i = "include".Length;
        if (!CharClass.IsSpace(r.Peek(i)))
        {
            return false;
        }

        while (r.Has(i) && CharClass.IsSpace(r.Peek(i)))
        {
            i++;
        }

        return r.Peek(i) == '"' || StartsWithAt(i, "file(") || StartsWithAt(i, "required(") || StartsWithAt(i, "url(") || StartsWithAt(i, "classpath(");
    }

    private bool StartsWithAt(int ahead, string s) =>
        r.Position + ahead + s.Length <= r.Text.Length && string.CompareOrdinal(r.Text, r.Position + ahead, s, 0, s.Length) == 0;

    private void Include(HObject obj, IReadOnlyList<string> path)
    {
        var origin = r.Origin;
        r.Advance("include".Length);
        SkipSpaces();
        var required = false;
        if (r.StartsWith("required("))
        {
            r.Advance("required(".Length);
            SkipSpaces();
            required = true;
        }

        var name = IncludeTarget();
        if (required)
        {
            SkipSpaces();
            ExpectChar(')', "to close required(");
        }

        var fullPath = Locate(name);
        if (fullPath is null)
        {
            if (required)
            {
                throw new HoconException($"required include \"{name}\" not found (looked in {BaseDirectory()})", origin);
            }

            if (includes.AllRequired)
            {
                throw new HoconException($"include \"{name}\" not found (looked in {BaseDirectory()}); every include must exist here", origin);
            }

            return;
        }

        var included = ParseIncluded(fullPath, name, origin, path);
        foreach (var (key, field) in included.Fields)
        {
            Merger.Assign(obj, key, field.Value, field.KeyOrigin, [.. path, key], bindAlways: false, owner);
        }
    }

    private string IncludeTarget()
    {
        if (r.Peek() == '"')
        {
            return Quoted();
        }

        if (r.StartsWith("url(") || r.StartsWith("classpath("))
        {
            throw r.Error("only file includes are supported: use include \"file\", file(\"...\") or required(file(\"...\"))");
        }

        if (!r.StartsWith("file("))
        {
            throw r.Error($"expected a quoted file name or file(\"...\") after include, got {r.DescribeNext()}");
        }

        r.Advance("file(".Length);
        SkipSpaces();
        if (r.Peek() != '"')
        {
            throw r.Error($"expected a quoted file name inside file(...), got {r.DescribeNext()}");
        }

        var name = Quoted();
        SkipSpaces();
        ExpectChar(')', "to close file(");
        return name;
    }

    private void ExpectChar(char c, string why)
    {
        if (r.Peek() != c || r.AtEnd)
        {
            throw r.Error($"expected '{c}' {why}, got {r.DescribeNext()}");
        }

        r.Advance();
    }

    private string BaseDirectory() => baseDirectory ?? Directory.GetCurrentDirectory();

    // "foo" may name foo itself or, as in lightbend/config, foo.conf or foo.json.
    private string? Locate(string name)
    {
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var full = Path.GetFullPath(Path.Combine(BaseDirectory(), name));
            string[] candidates = Path.HasExtension(full) ? [full] : [full, full + ".conf", full + ".json"];
            return candidates.FirstOrDefault(File.Exists);
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private HObject ParseIncluded(string fullPath, string name, HoconOrigin origin, IReadOnlyList<string> path)
    {
        if (includes.Contains(fullPath))
        {
            var chain = string.Join(" -> ", includes.Files.Select(Path.GetFileName).Append(Path.GetFileName(fullPath)));
            throw new HoconException($"include cycle: {chain}", origin);
        }

        if (includes.Depth >= IncludeContext.MaxDepth)
        {
            throw new HoconException($"includes nested deeper than {IncludeContext.MaxDepth} files", origin);
        }

        var text = ReadFile(fullPath, origin);
        var originName = Path.IsPathRooted(name) ? name : Path.Combine(Path.GetDirectoryName(r.OriginName) ?? string.Empty, name);
        includes.Push(fullPath);
        try
        {
            return ParseDocument(text, originName, Path.GetDirectoryName(fullPath), includes, path, owner);
        }
        finally
        {
            includes.Pop();
        }
    }

    internal static string ReadFile(string fullPath, HoconOrigin? origin)
    {
        try
        {
            var info = new FileInfo(fullPath);
            if (info.Length > MaxFileBytes)
            {
                throw new HoconException($"{fullPath} is larger than {MaxFileBytes / (1024 * 1024)} MiB; not a configuration file", origin);
            }

            return File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new HoconException($"cannot read {fullPath}: {e.Message}", origin);
        }
    }
}

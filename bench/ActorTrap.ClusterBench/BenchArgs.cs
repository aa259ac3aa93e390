using System.Globalization;

namespace ActorTrap.ClusterBench;

/// <summary><c>--name value</c> options of a mode; an unknown name is an error, so a typo never runs the default silently.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> values = [];
    private readonly HashSet<string> read = [];

    public BenchArgs(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
            {
                throw new ArgumentException($"expected --name value, got \"{list[i]}\"");
            }

            values[list[i][2..]] = list[++i];
        }
    }

    public string Text(string name, string fallback)
    {
        read.Add(name);
        return values.GetValueOrDefault(name, fallback);
    }

    public int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Seconds, written <c>30s</c> or <c>30</c>.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback) =>
        values.ContainsKey(name) ? TimeSpan.FromSeconds(double.Parse(Text(name, "").TrimEnd('s'), CultureInfo.InvariantCulture)) : Mark(name, fallback);

    public void RejectUnknown()
    {
        var unknown = values.Keys.Where(k => !read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }

    private TimeSpan Mark(string name, TimeSpan fallback)
    {
        read.Add(name);
        return fallback;
    }
}

using System.Globalization;
using ActorTrap.Hocon.Model;
using ActorTrap.Hocon.Parsing;
using ActorTrap.Hocon.Units;

namespace ActorTrap.Hocon;

/// <remarks>Every getter throws <see cref="HoconException"/> naming the full path, what was expected, what was found and where it was set.</remarks>
public sealed partial class HoconConfig
{
    /// <summary>True when the path exists and is not null (as in lightbend/config).</summary>
    public bool HasPath(string path) => Find(path) is { Value: not HScalar { Kind: HoconValueKind.Null } };

    public HoconValueKind GetValueKind(string path) => Require(path).Value switch
    {
        HObject => HoconValueKind.Object,
        HArray => HoconValueKind.Array,
        HScalar s => s.Kind,
        _ => HoconValueKind.Null,
    };

    /// <summary>Where the value at <paramref name="path"/> was written.</summary>
    public HoconOrigin GetOrigin(string path) => Require(path).Value.Origin;

    /// <summary>Where the key at <paramref name="path"/> was last written.</summary>
    public HoconOrigin GetKeyOrigin(string path) => Require(path).KeyOrigin;

    /// <summary>A string, or a number or boolean as written.</summary>
    public string GetString(string path) => Scalar(path, "a string").Text;

    public int GetInt(string path)
    {
        var (s, full) = ScalarAt(path, "an integer");
        return TryInteger(s.Text, out var v) && v is >= int.MinValue and <= int.MaxValue ? (int)v : throw Wrong(full, s, "a 32-bit integer");
    }

    public long GetLong(string path)
    {
        var (s, full) = ScalarAt(path, "an integer");
        return TryInteger(s.Text, out var v) ? v : throw Wrong(full, s, "a 64-bit integer");
    }

    public double GetDouble(string path)
    {
        var (s, full) = ScalarAt(path, "a number");
        return double.TryParse(s.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Wrong(full, s, "a number");
    }

    /// <summary>true/false, also yes/no and on/off.</summary>
    public bool GetBoolean(string path)
    {
        var (s, full) = ScalarAt(path, "a boolean");
        return s.Text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Wrong(full, s, "a boolean (true/false, yes/no, on/off)"),
        };
    }

    /// <summary>A duration: a bare number is milliseconds; units ns, us, ms, s, m, h, d and their long forms; <c>infinite</c> is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan GetDuration(string path)
    {
        var (s, full) = ScalarAt(path, Durations.Expected);
        return Durations.TryParse(s.Text, s.Kind == HoconValueKind.Number, out var value, out var error)
            ? value
            : throw Wrong(full, s, Durations.Expected, error);
    }

    /// <summary>A size in bytes: 512k = 524288, 512kB = 512000.</summary>
    public long GetSize(string path)
    {
        var (s, full) = ScalarAt(path, Sizes.Expected);
        return Sizes.TryParse(s.Text, s.Kind == HoconValueKind.Number, out var value, out var error)
            ? value
            : throw Wrong(full, s, Sizes.Expected, error);
    }

    /// <summary>An array of strings (numbers and booleans as written).</summary>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var (items, full) = List(path);
        return items.Select((item, i) => item is HScalar { Kind: not HoconValueKind.Null } s
            ? s.Text
            : throw Wrong($"{full}[{i}]", item, "a string")).ToList();
    }

    /// <summary>An array of objects, each as a config of its own.</summary>
    public IReadOnlyList<HoconConfig> GetObjectList(string path)
    {
        var (items, full) = List(path);
        var segments = Parser.ParsePath(path);
        return items.Select((item, i) => item is HObject o
            ? new HoconConfig(o, [.. basePath, .. segments])
            : throw Wrong($"{full}[{i}]", item, "an object")).ToList();
    }

    /// <summary>The object at <paramref name="path"/> as a config; paths inside it are relative, errors still name the full path.</summary>
    public HoconConfig GetConfig(string path)
    {
        var (field, segments) = RequireWithSegments(path);
        return field.Value is HObject o ? new HoconConfig(o, [.. basePath, .. segments]) : throw Wrong(FullPath(segments), field.Value, "an object");
    }

    private static bool TryInteger(string text, out long value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // 1e3 is an integer written as a JSON number; 1.5 is not.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    private (IReadOnlyList<HNode> Items, string Full) List(string path)
    {
        var (field, segments) = RequireWithSegments(path);
        var full = FullPath(segments);
        return field.Value switch
        {
            HArray a => (a.Items, full),
            HObject o when NumericObject(o) is { } items => (items, full),
            _ => throw Wrong(full, field.Value, "an array"),
        };
    }

    // The spec lets an object with numeric keys ({"0": a, "1": b}) stand for an array, which is what
    // `--set a.list.0=x` produces.
    private static List<HNode>? NumericObject(HObject o)
    {
        var numbered = new List<(int Index, HNode Node)>();
        foreach (var (key, field) in o.Fields)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                numbered.Add((index, field.Value));
            }
        }

        return numbered.Count == 0 ? null : numbered.OrderBy(p => p.Index).Select(p => p.Node).ToList();
    }

    private HScalar Scalar(string path, string expected) => ScalarAt(path, expected).Scalar;

    private (HScalar Scalar, string Full) ScalarAt(string path, string expected)
    {
        var (field, segments) = RequireWithSegments(path);
        var full = FullPath(segments);
        return field.Value is HScalar { Kind: not HoconValueKind.Null } s ? (s, full) : throw Wrong(full, field.Value, expected);
    }

    private HField Require(string path) => RequireWithSegments(path).Field;

    private (HField Field, IReadOnlyList<string> Segments) RequireWithSegments(string path)
    {
        var segments = Parser.ParsePath(path);
        return (Find(segments) ?? throw new HoconException("no such key", null, FullPath(segments)), segments);
    }

    private HField? Find(string path) => Find(Parser.ParsePath(path));

    private HField? Find(IReadOnlyList<string> segments)
    {
        HField? field = null;
        var current = Root;
        foreach (var segment in segments)
        {
            if (current is null || current.Get(segment) is not { } next)
            {
                return null;
            }

            field = next;
            current = next.Value as HObject;
        }

        return field;
    }

    private string FullPath(IReadOnlyList<string> segments) => PathText.Join([.. basePath, .. segments]);

    private static HoconException Wrong(string path, HNode found, string expected, string? detail = null)
    {
        var got = found switch
        {
            HObject => "an object",
            HArray => "an array",
            HScalar { Kind: HoconValueKind.Null } => "null",
            HScalar { Kind: HoconValueKind.String } s => PathText.Quote(s.Text),
            HScalar s => s.Text,
            _ => "an unresolved value",
        };
        var reason = detail is null ? $"expected {expected}, got {got}" : $"expected {expected}, got {got}: {detail}";
        return new HoconException(reason, found.Origin, path);
    }
}

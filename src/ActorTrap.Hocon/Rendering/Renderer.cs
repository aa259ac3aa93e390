using System.Text;
using ActorTrap.Hocon.Model;
using ActorTrap.Hocon.Parsing;

namespace ActorTrap.Hocon.Rendering;

/// <summary>Writes a resolved tree as HOCON in original key order: objects as nested blocks, strings unquoted when they read back unchanged.</summary>
internal static class Renderer
{
    private const string Indent = "  ";

    public static string Render(HObject root, bool withOrigins)
    {
        var sb = new StringBuilder();
        Fields(sb, root, 0, withOrigins);
        return sb.ToString();
    }

    private static void Fields(StringBuilder sb, HObject obj, int depth, bool withOrigins)
    {
        foreach (var (key, field) in obj.Fields)
        {
            var pad = string.Concat(Enumerable.Repeat(Indent, depth));
            if (withOrigins && field.Value is not HObject)
            {
                sb.Append(pad).Append("# ").Append(field.Value.Origin).Append('\n');
            }

            sb.Append(pad).Append(PathText.Segment(key));
            if (field.Value is HObject inner)
            {
                sb.Append(' ');
                Object(sb, inner, depth, withOrigins);
            }
            else
            {
                sb.Append(" = ");
                Value(sb, field.Value, depth, withOrigins);
            }

            sb.Append('\n');
        }
    }

    private static void Object(StringBuilder sb, HObject obj, int depth, bool withOrigins)
    {
        if (obj.Count == 0)
        {
            sb.Append("{}");
            return;
        }

        sb.Append("{\n");
        Fields(sb, obj, depth + 1, withOrigins);
        sb.Append(string.Concat(Enumerable.Repeat(Indent, depth))).Append('}');
    }

    private static void Value(StringBuilder sb, HNode node, int depth, bool withOrigins)
    {
        switch (node)
        {
            case HObject obj:
                Object(sb, obj, depth, withOrigins);
                break;
            case HArray array:
                Array(sb, array, depth, withOrigins);
                break;
            case HScalar { Kind: HoconValueKind.String } s:
                sb.Append(CanStayUnquoted(s.Text) ? s.Text : PathText.Quote(s.Text));
                break;
            case HScalar s:
                sb.Append(s.Text);
                break;
        }
    }

    private static void Array(StringBuilder sb, HArray array, int depth, bool withOrigins)
    {
        if (array.Items.All(i => i is HScalar))
        {
            sb.Append('[');
            for (var i = 0; i < array.Items.Count; i++)
            {
                sb.Append(i == 0 ? string.Empty : ", ");
                Value(sb, array.Items[i], depth, withOrigins);
            }

            sb.Append(']');
            return;
        }

        var pad = string.Concat(Enumerable.Repeat(Indent, depth + 1));
        sb.Append("[\n");
        foreach (var item in array.Items)
        {
            sb.Append(pad);
            Value(sb, item, depth + 1, withOrigins);
            sb.Append('\n');
        }

        sb.Append(string.Concat(Enumerable.Repeat(Indent, depth))).Append(']');
    }

    // Plain words and unit values (20m, 512k, 500ms) stay readable; anything that would parse as another type or
    // contains a special character is quoted.
    private static bool CanStayUnquoted(string text) =>
        text.Length is > 0 and <= 64
        && char.IsAsciiLetterOrDigit(text[0])
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && !text.EndsWith('.')
        && !text.StartsWith("include", StringComparison.Ordinal)
        && ScalarClassifier.KindOf(text) == HoconValueKind.String;
}

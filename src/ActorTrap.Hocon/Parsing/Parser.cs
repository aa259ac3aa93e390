using ActorTrap.Hocon.Model;

namespace ActorTrap.Hocon.Parsing;

/// <summary>Recursive-descent reader of one HOCON text into an unresolved tree. Every error is a <see cref="HoconException"/> at the offending character.</summary>
internal sealed partial class Parser
{
    // Nesting beyond this is not configuration; the limit keeps hostile input from overflowing the stack.
    private const int MaxNesting = 200;

    private readonly SourceReader r;
    private readonly string? baseDirectory;
    private readonly IncludeContext includes;
    private readonly IReadOnlyList<string> includePrefix;
    private readonly object owner;
    private int nesting;

    private Parser(SourceReader reader, string? baseDirectory, IncludeContext includes, IReadOnlyList<string> includePrefix, object owner)
    {
        r = reader;
        this.baseDirectory = baseDirectory;
        this.includes = includes;
        this.includePrefix = includePrefix;
        this.owner = owner;
    }

    /// <param name="includePrefix">Path at which this text is included (empty for a top-level document).</param>
    public static HObject ParseDocument(string text, string originName, string? baseDirectory, IncludeContext includes, IReadOnlyList<string> includePrefix, object owner)
    {
        var parser = new Parser(new SourceReader(text, originName), baseDirectory, includes, includePrefix, owner);
        return parser.Document();
    }

    private HObject Document()
    {
        SkipAll();
        var origin = r.Origin;
        if (r.Peek() == '[')
        {
            throw r.Error("the root of a document must be an object, got an array");
        }

        if (r.Peek() != '{')
        {
            return ObjectBody(braced: false, includePrefix, origin);
        }

        r.Advance();
        var root = ObjectBody(braced: true, includePrefix, origin);
        SkipAll();
        if (!r.AtEnd)
        {
            throw r.Error($"expected end of input after the root object's closing '}}', got {r.DescribeNext()}");
        }

        return root;
    }

    private HObject ObjectBody(bool braced, IReadOnlyList<string> path, HoconOrigin origin)
    {
        Enter(origin);
        var obj = new HObject(origin, owner);
        while (true)
        {
            SkipAll();
            if (r.AtEnd)
            {
                if (braced)
                {
                    throw r.Error($"expected '}}' to close the object opened at {origin.Line}:{origin.Column}, got end of input");
                }

                break;
            }

            var c = r.Peek();
            if (c == '}')
            {
                if (!braced)
                {
                    throw r.Error("unbalanced '}': no object is open here");
                }

                r.Advance();
                break;
            }

            if (c == ',')
            {
                throw r.Error("expected a key, got ','");
            }

            var key = Field(obj, path);
            SkipSpacesAndComments();
            if (r.Peek() == '\n')
            {
                // A comma may still follow on a later line, as JSON allows.
                SkipAll();
                if (r.Peek() != ',' || r.AtEnd)
                {
                    continue;
                }
            }

            if (r.AtEnd || r.Peek() == '}')
            {
                continue;
            }

            if (r.Peek() != ',')
            {
                throw r.Error($"expected ',' or a new line after the value of {key}, got {r.DescribeNext()}");
            }

            r.Advance();
            SkipAll();
            if (r.Peek() == ',')
            {
                throw r.Error(braced ? "expected a key or '}' after ',', got ','" : "expected a key after ',', got ','");
            }
        }

        nesting--;
        return obj;
    }

    /// <summary>Reads one field or include into <paramref name="obj"/>; returns how to name it in a later error.</summary>
    private string Field(HObject obj, IReadOnlyList<string> path)
    {
        if (AtInclude())
        {
            Include(obj, path);
            return "the include";
        }

        var keyOrigin = r.Origin;
        var segments = PathExpression(what: "a key");
        var keyText = "key " + PathText.Quote(string.Join('.', segments));
        SkipSpaces();
        if (ObjectOpensOnALaterLine())
        {
            SkipAll();
        }

        List<string> fieldPath = [.. path, .. segments];
        HNode value;
        var c = r.Peek();
        if (c == '{')
        {
            value = Value(fieldPath);
        }
        else if (c is '=' or ':')
        {
            r.Advance();
            SkipSpacesAndComments();
            ExpectValueStart($"a value after '{c}' for {keyText}");
            value = Value(fieldPath);
        }
        else if (c == '+' && r.Peek(1) == '=')
        {
            r.Advance(2);
            SkipSpacesAndComments();
            ExpectValueStart($"a value after '+=' for {keyText}");
            var element = Value(fieldPath);
            var self = new HSubst(keyOrigin, fieldPath, optional: true, []);
            value = new HConcat(keyOrigin, [self, new HArray(element.Origin, [element])]);
        }
        else
        {
            throw r.Error($"expected '=' or ':' after {keyText}, got {r.DescribeNext()}");
        }

        for (var i = segments.Count - 1; i >= 1; i--)
        {
            var wrapper = new HObject(keyOrigin, owner);
            wrapper.Set(segments[i], new HField(value, keyOrigin));
            value = wrapper;
        }

        Merger.Assign(obj, segments[0], value, keyOrigin, [.. path, segments[0]], bindAlways: false, owner);
        return keyText;
    }

    // Brace-on-its-own-line layouts ("key\n{\n...}") are common in hand-written files; only '{' may follow that way.
    private bool ObjectOpensOnALaterLine()
    {
        var i = r.Position;
        var text = r.Text;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n' || CharClass.IsSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else
            {
                return c == '{' && i > r.Position;
            }
        }

        return false;
    }

    private void ExpectValueStart(string expected)
    {
        if (r.AtEnd || r.Peek() is '\n' or ',' or '}' or ']')
        {
            throw r.Error($"expected {expected}, got {r.DescribeNext()}");
        }
    }

    private void Enter(HoconOrigin origin)
    {
        if (++nesting > MaxNesting)
        {
            throw new HoconException($"objects and arrays nested deeper than {MaxNesting} levels", origin);
        }
    }

    private bool SkipSpaces()
    {
        var any = false;
        while (!r.AtEnd && CharClass.IsSpace(r.Peek()))
        {
            r.Advance();
            any = true;
        }

        return any;
    }

    private void SkipComment()
    {
        while (!r.AtEnd && r.Peek() != '\n')
        {
            r.Advance();
        }
    }

    private void SkipSpacesAndComments()
    {
        SkipSpaces();
        if (CharClass.AtComment(r))
        {
            SkipComment();
        }
    }

    private void SkipAll()
    {
        while (!r.AtEnd)
        {
            var c = r.Peek();
            if (c == '\n' || CharClass.IsSpace(c))
            {
                r.Advance();
            }
            else if (CharClass.AtComment(r))
            {
                SkipComment();
            }
            else
            {
                break;
            }
        }
    }
}

namespace ActorTrap.Hocon.Parsing;

internal sealed partial class Parser
{
    /// <summary>Parses a path expression such as <c>actortrap.smtp.hold</c> or <c>a."b.c"</c> as a getter receives it.</summary>
    public static IReadOnlyList<string> ParsePath(string path)
    {
        var parser = new Parser(new SourceReader(path, "path"), null, new IncludeContext(), [], new object());
        try
        {
            var segments = parser.PathExpression("a path");
            if (!parser.r.AtEnd)
            {
                throw parser.r.Error($"expected end of the path, got {parser.r.DescribeNext()}");
            }

            return segments;
        }
        catch (HoconException e)
        {
            throw new HoconException($"invalid path expression \"{path}\": {e.Reason}", e);
        }
    }
}

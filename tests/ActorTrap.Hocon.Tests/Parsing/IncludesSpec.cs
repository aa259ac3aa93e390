using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Parsing;

public sealed class IncludesSpec
{
    private static HoconConfig Load(string path, IReadOnlyDictionary<string, string>? env = null) =>
        HoconConfig.Load([HoconParser.ParseFile(path)], Conf.Env(env));

    [Theory]
    [InlineData("include \"other.conf\"")]
    [InlineData("include file(\"other.conf\")")]
    [InlineData("include required(\"other.conf\")")]
    [InlineData("include required(file(\"other.conf\"))")]
    [InlineData("include   file( \"other.conf\" )")]
    [InlineData("include \"other\"")]
    public void Include_forms_merge_the_file_in_place(string line)
    {
        using var dir = new TempDir();
        dir.Write("other.conf", "x = 1\ny { z = 2 }");
        var main = dir.Write("main.conf", line + "\nw = 3");
        Conf.Same(Load(main).Render(), "x = 1\ny { z = 2 }\nw = 3");
    }

    [Fact]
    public void Included_keys_are_overridden_by_later_keys_and_override_earlier_ones()
    {
        using var dir = new TempDir();
        dir.Write("inc.conf", "a = inc\nb = inc");
        var main = dir.Write("main.conf", "a = before\nb = before\ninclude \"inc.conf\"\nb = after");
        var config = Load(main);
        Assert.Equal("inc", config.GetString("a"));
        Assert.Equal("after", config.GetString("b"));
    }

    [Fact]
    public void Include_inside_an_object_nests_the_keys()
    {
        using var dir = new TempDir();
        dir.Write("inc.conf", "x = 1");
        var main = dir.Write("main.conf", "a { include \"inc.conf\"\n y = 2 }");
        Conf.Same(Load(main).Render(), "a { x = 1, y = 2 }");
    }

    [Fact]
    public void Include_is_relative_to_the_including_files_directory()
    {
        using var dir = new TempDir();
        dir.Write("sub/deeper/leaf.conf", "leaf = yes");
        dir.Write("sub/mid.conf", "include \"deeper/leaf.conf\"\nmid = yes");
        var main = dir.Write("main.conf", "include \"sub/mid.conf\"");
        var config = Load(main);
        Assert.True(config.GetBoolean("leaf"));
        Assert.True(config.GetBoolean("mid"));
    }

    [Fact]
    public void Missing_include_is_ignored()
    {
        using var dir = new TempDir();
        var main = dir.Write("main.conf", "include \"nope.conf\"\na = 1");
        Assert.Equal(["a"], Load(main).Keys);
    }

    [Fact]
    public void Missing_plain_include_is_an_error_when_all_includes_are_required()
    {
        using var dir = new TempDir();
        dir.Write("present.conf", "a { include \"nope.conf\" }");
        var main = dir.Write("main.conf", "x = 1\ninclude \"present.conf\"");
        Assert.Equal(1, Load(main).GetInt("x"));
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseFile(main, allIncludesRequired: true));
        Assert.Contains("present.conf:1:5: include \"nope.conf\" not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_include_is_an_error_at_its_position()
    {
        using var dir = new TempDir();
        var main = dir.Write("main.conf", "a = 1\n  include required(\"nope.conf\")");
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseFile(main));
        Assert.StartsWith(main + ":2:3: required include \"nope.conf\" not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_include_is_a_cycle_error()
    {
        using var dir = new TempDir();
        var main = dir.Write("cycle.conf", "a = 1\ninclude \"cycle.conf\"");
        Assert.Contains("include cycle: cycle.conf -> cycle.conf", Assert.Throws<HoconException>(() => HoconParser.ParseFile(main)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutual_include_is_a_cycle_error()
    {
        using var dir = new TempDir();
        dir.Write("b.conf", "include \"a.conf\"");
        var a = dir.Write("a.conf", "include \"b.conf\"");
        Assert.Contains("include cycle: a.conf -> b.conf -> a.conf", Assert.Throws<HoconException>(() => HoconParser.ParseFile(a)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_file_included_twice_side_by_side_is_not_a_cycle()
    {
        using var dir = new TempDir();
        dir.Write("x.conf", "v = 1");
        var main = dir.Write("main.conf", "a { include \"x.conf\" }\nb { include \"x.conf\" }");
        Conf.Same(Load(main).Render(), "a.v = 1\nb.v = 1");
    }

    [Fact]
    public void Included_root_must_be_an_object()
    {
        using var dir = new TempDir();
        dir.Write("arr.conf", "[1, 2]");
        var main = dir.Write("main.conf", "include \"arr.conf\"");
        Assert.Throws<HoconException>(() => HoconParser.ParseFile(main));
    }

    [Fact]
    public void Parse_error_in_included_file_names_that_file()
    {
        using var dir = new TempDir();
        dir.Write("bad.conf", "ok = 1\nbroken = [1,,2]");
        var main = dir.Write("main.conf", "include \"bad.conf\"");
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseFile(main));
        Assert.Equal("bad.conf", Path.GetFileName(e.Origin!.Name));
        Assert.Equal(2, e.Origin.Line);
        Assert.Equal(13, e.Origin.Column);
    }

    [Fact]
    public void Origins_of_included_values_name_the_included_file()
    {
        using var dir = new TempDir();
        dir.Write("inc.conf", "\n  x = 1");
        var main = dir.Write("main.conf", "include \"inc.conf\"");
        var origin = Load(main).GetOrigin("x");
        Assert.Equal("inc.conf", Path.GetFileName(origin.Name));
        Assert.Equal((2, 7), (origin.Line, origin.Column));
    }

    [Fact]
    public void Substitution_in_an_included_file_is_resolved_against_the_root()
    {
        using var dir = new TempDir();
        dir.Write("inc.conf", "copy = ${top}");
        var main = dir.Write("main.conf", "top = 5\ninclude \"inc.conf\"");
        Assert.Equal(5, Load(main).GetInt("copy"));
    }

    [Fact]
    public void Substitution_in_a_nested_include_is_tried_relative_to_the_include_point_first()
    {
        using var dir = new TempDir();
        dir.Write("inc.conf", "x = 1\ny = ${x}\nz = ${top}");
        var main = dir.Write("main.conf", "top = 7\na { include \"inc.conf\" }");
        var config = Load(main);
        Assert.Equal(1, config.GetInt("a.y"));
        Assert.Equal(7, config.GetInt("a.z"));
    }

    [Fact]
    public void Url_includes_are_refused() => Conf.Fails("include url(\"http://127.0.0.1/x.conf\")");

    [Fact]
    public void Include_needs_a_quoted_name() => Conf.Fails("include file(other.conf)");

    [Fact]
    public void Missing_file_for_ParseFile_is_a_hocon_exception() =>
        Assert.Throws<HoconException>(() => HoconParser.ParseFile("/nonexistent/dir/x.conf"));
}

using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ActorTrap.Hocon.Tests.Properties;

/// <summary>Render writes HOCON that parses back to an equal config, for arbitrary keys and strings.</summary>
public sealed class RoundTripSpec
{
    private static readonly Gen<string> Keys = Gen.Frequency(
        (6, Gen.Elements("a", "b", "hold", "greet-pause", "x_y", "1", "42")),
        (2, Gen.Elements("a.b", "", "include", "x y", "true", "null", "${x}", "#", "é", "tab\there", "q\"uote")),
        (1, Gen.Elements("include", "required", "file")));

    private static readonly Gen<string> Texts = Gen.Frequency(
        (4, Gen.Elements("", "plain", "20m", "512k", "1e5", "10.0.0.1", "true", "null", "yes", "a b", " lead", "trail ", "include")),
        (3, Gen.ArrayOf(Gen.Elements('a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '$', '{', '#', '/', '.', 'é', '\u2028', '\u0001', '-', '=')).Select(cs => new string(cs))));

    private static readonly Gen<string> Numbers = Gen.Frequency(
        (3, Gen.Choose(-1000, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Elements("0.5", "-2.25", "1e10", "3.0E-4", "9007199254740993", "0")));

    [Fact]
    public void Rendered_config_parses_back_to_an_equal_config()
    {
        Prop.ForAll(Gen.Sized(s => Obj(Math.Min(s, 12))).ToArbitrary(), json =>
        {
            var original = HoconConfig.Parse(json, "gen", _ => null);
            var rendered = original.Render();
            var again = HoconConfig.Parse(rendered, "rendered", _ => null);
            var withOrigins = HoconConfig.Parse(original.Render(withOrigins: true), "rendered", _ => null);
            return original.StructurallyEquals(again) && original.StructurallyEquals(withOrigins) && again.Render() == rendered;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Rendering_a_realistic_config_is_readable()
    {
        var config = HoconConfig.Parse("actortrap { smtp { hold = 20m, banner = \"ESMTP ready\" }, dns.servers = [\"127.0.0.1:53\"] }", "ref", _ => null);
        Assert.Equal("actortrap {\n  smtp {\n    hold = 20m\n    banner = \"ESMTP ready\"\n  }\n  dns {\n    servers = [\"127.0.0.1:53\"]\n  }\n}\n", config.Render());
    }

    [Fact]
    public void Rendering_with_origins_puts_a_comment_above_each_value()
    {
        var config = HoconConfig.Parse("a {\n  b = 1\n}", "app.conf", _ => null);
        Assert.Equal("a {\n  # app.conf:2:7\n  b = 1\n}\n", config.Render(withOrigins: true));
    }

    private static Gen<string> Obj(int size) =>
        Gen.ListOf(Gen.Zip(Keys, Value(size / 2)), Math.Max(0, Math.Min(size, 5)))
            .Select(fields => "{" + string.Join(", ", fields.Select(f => Quote(f.Item1) + " : " + f.Item2)) + "}");

    private static Gen<string> Value(int size)
    {
        var scalars = Gen.OneOf(Texts.Select(Quote), Numbers, Gen.Elements("true", "false", "null"));
        if (size <= 0)
        {
            return scalars;
        }

        var array = Gen.ListOf(Value(size / 2), Math.Min(size, 4)).Select(items => "[" + string.Join(", ", items) + "]");
        return Gen.Frequency((4, scalars), (1, array), (1, Obj(size / 2)));
    }

    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when c < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}

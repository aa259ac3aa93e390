using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ActorTrap.Hocon.Tests.Properties;

/// <summary>Random and mutated documents: the reader may only succeed or throw <see cref="HoconException"/>, and must finish.</summary>
public sealed class FuzzSpec
{
    private static readonly string[] Fragments =
    [
        "a", "b", "a.b", "b.c.d", "\"q\"", "\"a.b\"", "=", ":", "+=", "{", "}", "[", "]", ",", "\n", " ", "\t", "\r\n",
        "${a}", "${?b}", "${a.b}", "${", "${?", "$", "?", "\"\"\"", "\"", "\\", "\"\\u00\"", "\"\\n\"", "#", "//", "/",
        "include \"x\"", "include required(\"nope.conf\")", "include file(\"y\")", "include ", "required(", "file(", ")",
        "1", "-2.5e3", "0", "01", "1.", ".5", "true", "false", "null", "yes", "20m", "512k", "infinite", "..", ".",
        "\uFEFF", "\u2028", "\u00a0", "é", "\u0000", "\ud800", "@", "!", "*", "&", "^", "`", "=\n",
    ];

    private const string Seed = """"
        # reference
        actortrap {
          node { name = "", name = ${?NAME} }
          smtp.hold = 20m
          dns { servers = ["127.0.0.1:53"], timeout = 2s, retries = 1 }
          list = [1, 2] [3]
          path = ${actortrap.list} [4]
          list += 5
          text = """raw "x" """ tail ${actortrap.smtp.hold}
          obj = { a = 1 } { b = ${actortrap.dns.retries} }
        }
        """";

    private static readonly string BaseDirectory = Path.Combine(Path.GetTempPath(), "hocon-fuzz-empty");

    [Fact]
    public void Random_fragment_documents_only_succeed_or_throw_HoconException()
    {
        var gen = Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts));
        var outcomes = new Outcomes();
        Prop.ForAll(gen.ToArbitrary(), text => Survives(text, outcomes)).Check(Config.QuickThrowOnFailure.WithMaxTest(60_000).WithQuietOnSuccess(true));
        Assert.Equal(60_000, outcomes.Total);
        Assert.True(outcomes.Parsed > 1_000, $"only {outcomes.Parsed} random documents parsed; the generator no longer reaches the resolver");
    }

    [Fact]
    public void Mutated_documents_only_succeed_or_throw_HoconException()
    {
        var edit = Gen.Zip(Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, Seed.Length - 1)), Gen.Elements(Fragments), (kp, f) => (kp.Item1, kp.Item2, f));
        var gen = Gen.Choose(1, 3).SelectMany(n => Gen.ListOf(edit, n)).Select(edits => Mutate(edits));
        var outcomes = new Outcomes();
        Prop.ForAll(gen.ToArbitrary(), text => Survives(text, outcomes)).Check(Config.QuickThrowOnFailure.WithMaxTest(40_000).WithQuietOnSuccess(true));
        Assert.Equal(40_000, outcomes.Total);
        Assert.True(outcomes.Parsed > 1_000, $"only {outcomes.Parsed} mutated documents parsed; the mutations no longer reach the resolver");
    }

    [Fact]
    public void Seed_document_is_valid() => Assert.True(Survives(Seed, new Outcomes()) && Load(Seed).GetString("actortrap.text").StartsWith("raw \"x\"", StringComparison.Ordinal));

    private static string Mutate(IEnumerable<(int Kind, int Position, string Fragment)> edits)
    {
        var sb = new StringBuilder(Seed);
        foreach (var (kind, position, fragment) in edits)
        {
            var at = Math.Min(position, sb.Length);
            switch (kind)
            {
                case 0: sb.Insert(at, fragment); break;
                case 1: sb.Remove(at, Math.Min(fragment.Length, sb.Length - at)); break;
                case 2: sb.Remove(at, Math.Min(fragment.Length, sb.Length - at)).Insert(at, fragment); break;
                default: sb.Insert(at, sb.ToString(at, Math.Min(12, sb.Length - at))); break;
            }
        }

        return sb.ToString();
    }

    private static HoconConfig Load(string text) =>
        HoconConfig.Load([HoconParser.Parse(text, "fuzz.conf", BaseDirectory)], name => name == "NAME" ? "n" : null);

    private static bool Survives(string text, Outcomes outcomes)
    {
        outcomes.Total++;
        try
        {
            var config = Load(text);
            var rendered = config.Render(withOrigins: true);
            foreach (var leaf in config.Leaves().Take(20))
            {
                _ = config.HasPath(leaf.Path);
            }

            outcomes.Parsed++;
            return rendered.Length >= 0;
        }
        catch (HoconException)
        {
            return true;
        }
    }

    private sealed class Outcomes
    {
        public int Total { get; set; }

        public int Parsed { get; set; }
    }
}

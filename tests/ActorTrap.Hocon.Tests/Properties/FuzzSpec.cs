using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorTrap.Hocon.Tests.Properties;

/// <summary>Random and mutated documents: the reader may only succeed or throw <see cref="HoconException"/>, and must finish.</summary>
[Collection(AloneCollection.Name)]
public sealed class FuzzSpec(ITestOutputHelper output)
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

    /// <summary>
    /// Issue 8's million: half documents of up to 40 random fragments, half the seed with one to three edits (so at
    /// most about 700 characters each), on a fixed seed. Every one loads and renders or is a HoconException; both
    /// outcomes are common (so the generator cannot silently stop reaching the resolver or the error paths), and
    /// nothing is retained from one document to the next.
    /// </summary>
    [Fact]
    public void A_million_random_and_mutated_documents_only_succeed_or_throw_HoconException_in_bounded_memory()
    {
        const int RandomSeed = 8_2026;
        const int Documents = 1_000_000;
        var random = new Random(RandomSeed);
        var text = new StringBuilder(1024);
        var parsed = 0;
        var rejected = 0;
        var longest = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Documents; i++)
        {
            text.Clear();
            if (i % 2 == 0)
            {
                for (var n = random.Next(0, 41); n > 0; n--)
                {
                    text.Append(Fragments[random.Next(Fragments.Length)]);
                }
            }
            else
            {
                text.Append(Seed);
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    Edit(text, random.Next(4), random.Next(text.Length + 1), Fragments[random.Next(Fragments.Length)]);
                }
            }

            var document = text.ToString();
            longest = Math.Max(longest, document.Length);
            try
            {
                var config = Load(document);
                _ = config.Render(withOrigins: false);
                parsed++;
            }
            catch (HoconException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {RandomSeed}, document {i}: {e.GetType().Name} escaped for:\n{document}", e);
            }
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"{Documents} documents (longest {longest} chars) in {clock.Elapsed.TotalSeconds:0.0} s: {parsed} loaded, {rejected} HoconException; retained growth {grown} bytes");
        Assert.Equal(Documents, parsed + rejected);
        Assert.True(parsed > Documents / 20, $"only {parsed} documents loaded");
        Assert.True(rejected > Documents / 20, $"only {rejected} documents rejected");
        Assert.InRange(grown, long.MinValue, 8 * 1024 * 1024);
    }

    [Fact]
    public void Seed_document_is_valid() => Assert.True(Survives(Seed, new Outcomes()) && Load(Seed).GetString("actortrap.text").StartsWith("raw \"x\"", StringComparison.Ordinal));

    private static string Mutate(IEnumerable<(int Kind, int Position, string Fragment)> edits)
    {
        var sb = new StringBuilder(Seed);
        foreach (var (kind, position, fragment) in edits)
        {
            Edit(sb, kind, position, fragment);
        }

        return sb.ToString();
    }

    // Insert a fragment, delete as many characters, replace them, or repeat the next 12 characters.
    private static void Edit(StringBuilder sb, int kind, int position, string fragment)
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

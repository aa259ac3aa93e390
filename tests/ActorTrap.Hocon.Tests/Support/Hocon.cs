namespace ActorTrap.Hocon.Tests.Support;

/// <summary>Short forms for tests: parse-and-resolve with a fake environment, and equivalence of two texts.</summary>
internal static class Conf
{
    public static HoconConfig Parse(string text, IReadOnlyDictionary<string, string>? env = null) =>
        HoconConfig.Load([HoconParser.Parse(text, "test.conf")], Env(env));

    public static Func<string, string?> Env(IReadOnlyDictionary<string, string>? env = null) =>
        name => env is not null && env.TryGetValue(name, out var v) ? v : null;

    public static HoconException Fails(string text, IReadOnlyDictionary<string, string>? env = null) =>
        Assert.Throws<HoconException>(() => Parse(text, env));

    public static void Same(string actual, string expected)
    {
        var a = Parse(actual);
        var e = Parse(expected);
        Assert.True(a.StructurallyEquals(e), $"expected\n{e.Render()}\nbut got\n{a.Render()}");
    }

    public static HoconConfig Layer(params string[] texts) =>
        HoconConfig.Load(texts.Select((t, i) => HoconParser.Parse(t, $"layer{i}.conf")), Env());
}

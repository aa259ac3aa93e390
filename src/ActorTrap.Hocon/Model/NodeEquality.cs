namespace ActorTrap.Hocon.Model;

/// <summary>Equality of resolved trees ignoring origins: same kinds, same texts, same keys (order ignored), same array order.</summary>
internal static class NodeEquality
{
    public static bool Equal(HNode a, HNode b) => (a, b) switch
    {
        (HScalar x, HScalar y) => x.Kind == y.Kind && (x.Kind == HoconValueKind.Number ? NumbersEqual(x.Text, y.Text) : x.Text == y.Text),
        (HArray x, HArray y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => Equal(p.First, p.Second)),
        (HObject x, HObject y) => x.Count == y.Count && x.Fields.All(f => y.Get(f.Key) is { } other && Equal(f.Value.Value, other.Value)),
        _ => false,
    };

    private static bool NumbersEqual(string x, string y) =>
        x == y || (double.TryParse(x, System.Globalization.CultureInfo.InvariantCulture, out var dx)
            && double.TryParse(y, System.Globalization.CultureInfo.InvariantCulture, out var dy) && dx.Equals(dy));
}

using ActorTrap.Hocon.Model;
using Microsoft.Extensions.Configuration;

namespace ActorTrap.Hocon;

/// <summary>Exposes a resolved config to Microsoft.Extensions.Configuration: <c>a.b.c</c> becomes <c>a:b:c</c>, array elements <c>:0</c>, <c>:1</c>, …
/// Durations and sizes stay text; typed binding is done by <see cref="HoconConfig"/> getters.</summary>
public sealed class HoconConfigurationProvider(HoconConfig config) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, field) in config.Root.Fields)
        {
            Add(data, key, field.Value);
        }

        Data = data;
    }

    private static void Add(Dictionary<string, string?> data, string key, HNode node)
    {
        switch (node)
        {
            case HObject obj:
                foreach (var (child, field) in obj.Fields)
                {
                    Add(data, key + ConfigurationPath.KeyDelimiter + child, field.Value);
                }

                break;
            case HArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Add(data, key + ConfigurationPath.KeyDelimiter + i.ToString(System.Globalization.CultureInfo.InvariantCulture), array.Items[i]);
                }

                break;
            case HScalar s:
                data[key] = s.Kind == HoconValueKind.Null ? null : s.Text;
                break;
        }
    }
}

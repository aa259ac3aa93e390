using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary>Binds <c>actortrap.traps</c>: the trap page and the harvester class (issue 18).</summary>
internal static partial class SettingsBinder
{
    private const string Page = "actortrap.traps.page";

    private static TrapsOptions BindTrapsSection(SettingsReader r) => new(BindTrapPage(r), BindHarvesters(r));

    private static TrapPageOptions BindTrapPage(SettingsReader r)
    {
        var listen = OptionalEndpoint(r, $"{Page}.listen", allowPortZero: true);
        var path = r.String($"{Page}.path").Trim();
        r.Require(path.Length is > 1 and <= 200 && path[0] == '/' && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.')
            && !path.Equals("/robots.txt", StringComparison.OrdinalIgnoreCase), $"{Page}.path",
            $"\"{path}\" is not a page path such as \"/contact\" (letters, digits, '/', '-', '_', '.'; not /robots.txt)");
        var domains = Domains(r, $"{Page}.domains");
        var bucket = r.Duration($"{Page}.bucket", TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        r.Require(bucket.Ticks % TimeSpan.TicksPerMinute == 0, $"{Page}.bucket", "must be a whole number of minutes (a token keeps minutes)");
        var maxAge = r.Duration($"{Page}.max-age", TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        var keys = BindTrapKeys(r);
        var current = -1;
        var currentText = r.String($"{Page}.current-key").Trim();
        if (currentText.Length > 0 && !(int.TryParse(currentText, out current) && keys.ContainsKey(current)))
        {
            r.Fail($"{Page}.current-key", $"\"{currentText}\" is not the id of a key in {Page}.keys ({(keys.Count == 0 ? "none set" : string.Join(", ", keys.Keys))})");
        }
        else if (currentText.Length == 0 && keys.Count > 0)
        {
            r.Fail($"{Page}.current-key", "keys are set, so name the one that seals new tokens, e.g. current-key = 1");
        }

        if ((listen is not null || keys.Count > 0) && domains.Count == 0)
        {
            r.Fail($"{Page}.domains", "tagged trap addresses need a domain whose mail comes here, e.g. [\"trap.example.org\"]");
        }

        if (listen is not null && keys.Count == 0)
        {
            r.Fail($"{Page}.keys", "the trap page listens, so it needs a key to seal tokens: keys = [{id = 1, secret = \"...\"}] (openssl rand -hex 32)");
        }

        return new TrapPageOptions(listen, path, domains, bucket, maxAge, keys, current,
            r.Int($"{Page}.rate-limit", 1, 100_000),
            r.Int($"{Page}.rate-limit-burst", 1, 100_000),
            r.Int($"{Page}.max-clients", 100, 10_000_000),
            r.Int($"{Page}.max-connections", 1, 10_000));
    }

    private static Dictionary<int, string> BindTrapKeys(SettingsReader r)
    {
        var keys = new Dictionary<int, string>();
        var path = $"{Page}.keys";
        foreach (var (element, i) in r.ObjectList(path).Select((o, i) => (o, i)))
        {
            var e = r.Element(element, $"{path}[{i}]");
            foreach (var key in element.Keys.Where(k => k is not ("id" or "secret")))
            {
                e.Fail(key, "unknown key in a trap page key; the keys are id and secret");
            }

            var id = e.Int("id", 0, 255);
            var secret = e.String("secret");
            if (secret.Length < MinFeedKeyLength)
            {
                e.Fail("secret", $"must be at least {MinFeedKeyLength} characters (generate one with: openssl rand -hex 32)");
            }
            else if (!keys.TryAdd(id, secret))
            {
                e.Fail("id", $"key id {id} is listed twice");
            }
        }

        return keys;
    }

    private static HarvesterOptions BindHarvesters(SettingsReader r)
    {
        const string path = "actortrap.traps.harvesters.never-list";
        var networks = new List<IPNetwork>();
        foreach (var text in r.StringList(path))
        {
            if (TryParseNetwork(text, out var network, out var error))
            {
                networks.Add(network);
            }
            else
            {
                r.Fail(path, error);
            }
        }

        return new HarvesterOptions(r.Boolean("actortrap.traps.harvesters.block"), networks);
    }
}

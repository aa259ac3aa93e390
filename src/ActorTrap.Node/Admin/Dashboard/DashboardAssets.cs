using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace ActorTrap.Node.Admin.Dashboard;

/// <summary>
/// The dashboard's page, script and style, built into the assembly (resources named <c>dashboard/FILE</c>), so the
/// page works on a network with no internet and a node needs no files beside its binary.
/// </summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private readonly FrozenDictionary<string, Asset> files;

    private DashboardAssets(FrozenDictionary<string, Asset> files)
    {
        this.files = files;
    }

    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var bytes = Read(assembly, name);
            var file = name[Prefix.Length..];
            // A content hash as ETag: a browser revalidates on every load and downloads again only after an upgrade.
            files[file] = new Asset(bytes, ContentType(file), $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }

        return new DashboardAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public bool TryGet(string file, out Asset asset) => files.TryGetValue(file, out asset!);

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    internal sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}

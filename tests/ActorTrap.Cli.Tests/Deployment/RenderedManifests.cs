using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// <c>kubectl kustomize k8s/</c> run once (offline: it only reads files), its resources parsed, and the generated
/// ConfigMap's files written to a temporary folder as a pod would see them under /etc/actortrap.
/// </summary>
public sealed class RenderedManifests : IDisposable
{
    public RenderedManifests()
    {
        Resources = YamlJson.Documents(Kustomize(Path.Combine(RepoRoot.Path, "k8s")));
        ConfigDirectory = Directory.CreateTempSubdirectory("actortrap-k8s-config-").FullName;
        foreach (var (name, text) in ConfigMap["data"]!.AsObject())
        {
            File.WriteAllText(Path.Combine(ConfigDirectory, name), text!.GetValue<string>());
        }
    }

    public IReadOnlyList<JsonObject> Resources { get; }

    /// <summary>The ConfigMap's files, for <c>actortrap config check</c> and the HOCON reader.</summary>
    public string ConfigDirectory { get; }

    public JsonObject ConfigMap => Single("ConfigMap", n => n.StartsWith("actortrap-config", StringComparison.Ordinal));

    public JsonObject Nodes => Single("StatefulSet", n => n == "actortrap");

    public JsonObject PodSpec => Nodes["spec"]!["template"]!["spec"]!.AsObject();

    public JsonObject Container => PodSpec["containers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "actortrap")!.AsObject();

    /// <summary>The pod's resolver sidecar.</summary>
    public JsonObject Resolver => PodSpec["containers"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "unbound")!.AsObject();

    public JsonObject ResolverConfigMap => Single("ConfigMap", n => n.StartsWith("actortrap-unbound", StringComparison.Ordinal));

    public JsonObject Single(string kind, Func<string, bool> name) =>
        Resources.Single(r => r["kind"]!.GetValue<string>() == kind && name(r["metadata"]!["name"]!.GetValue<string>()));

    public IEnumerable<JsonObject> OfKind(string kind) => Resources.Where(r => r["kind"]!.GetValue<string>() == kind);

    private static string Kustomize(string folder)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(folder);
        // No cluster is involved; an operator's kubeconfig must not be either.
        info.Environment["KUBECONFIG"] = "/dev/null";
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed: apt-get install kubernetes-client (scripts/test.sh does)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("kubectl kustomize did not finish within 60 s");
            }

            return process.ExitCode == 0
                ? stdout.Result
                : throw new InvalidOperationException($"kubectl kustomize {folder} failed ({process.ExitCode}):\n{stderr.Result}");
        }
    }

    public void Dispose() => Directory.Delete(ConfigDirectory, recursive: true);
}

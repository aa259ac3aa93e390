using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Tests.Hosting.Cluster;

/// <summary>
/// The one call of the Kubernetes API that pod discovery makes, <c>GET /api/v1/namespaces/{namespace}/pods?labelSelector=...</c>,
/// over HTTPS on loopback, answering what a spec tells it and recording each request. Akka's discovery trusts the
/// API's certificate through the client's default configuration: <see cref="Kubeconfig"/> names this server's
/// certificate as the authority, and the discovery reads the API's address from the variables <see cref="Akka"/> names.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private static int instances;

    private readonly WebApplication app;
    private readonly string directory;
    private readonly ConcurrentQueue<(string Path, string? LabelSelector, string? Authorization)> requests = new();
    private readonly object gate = new();
    private (int Count, TaskCompletionSource Done)? waiter;

    private FakeKubernetesApi(WebApplication app, string directory, int port, string certificatePem)
    {
        this.app = app;
        this.directory = directory;
        Port = port;
        var id = Interlocked.Increment(ref instances);
        HostVariable = $"ACTORTRAP_SPEC_KUBERNETES_HOST_{Environment.ProcessId}_{id}";
        PortVariable = $"ACTORTRAP_SPEC_KUBERNETES_PORT_{Environment.ProcessId}_{id}";
        Environment.SetEnvironmentVariable(HostVariable, "127.0.0.1");
        Environment.SetEnvironmentVariable(PortVariable, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        TokenPath = Path.Combine(directory, "token");
        File.WriteAllText(TokenPath, Token);
        Kubeconfig = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(Kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: spec
              cluster:
                server: https://127.0.0.1:{port}
                certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificatePem))}
            users:
            - name: spec
              user:
                token: kubeconfig-token-the-discovery-does-not-use
            contexts:
            - name: spec
              context:
                cluster: spec
                user: spec
            current-context: spec
            """);
    }

    /// <summary>The bearer token the discovery must send (it reads it from <see cref="TokenPath"/>).</summary>
    public const string Token = "spec-service-account-token";

    public int Port { get; }

    public string HostVariable { get; }

    public string PortVariable { get; }

    public string TokenPath { get; }

    /// <summary>A kubeconfig whose authority is this server's certificate: the client's default configuration reads KUBECONFIG.</summary>
    public string Kubeconfig { get; }

    /// <summary>What the server answers; a pod list by default.</summary>
    public Func<HttpContext, IResult> Answer { get; set; } = _ => Results.Json(PodList());

    public IReadOnlyList<(string Path, string? LabelSelector, string? Authorization)> Requests => [.. requests];

    /// <summary>The akka settings that point the Kubernetes discovery at this server.</summary>
    public string[] Akka =>
    [
        $"akka.discovery.kubernetes-api.api-service-host-env-name = {HostVariable}",
        $"akka.discovery.kubernetes-api.api-service-port-env-name = {PortVariable}",
        $"akka.discovery.kubernetes-api.api-token-path = \"{TokenPath}\"",
    ];

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("actortrap-kubernetes-api-").FullName;
        using var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(serving)));
        var app = builder.Build();
        FakeKubernetesApi? api = null;
        app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext context) => api!.Handle(context));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        api = new FakeKubernetesApi(app, directory, port, certificate.ExportCertificatePem());
        return api;
    }

    /// <summary>Completes once the server has had <paramref name="count"/> requests in all.</summary>
    public Task Received(int count)
    {
        lock (gate)
        {
            if (requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            return waiter.Value.Done.Task;
        }
    }

    /// <summary>A pod list with one running pod per address, as the API serves it (the fields discovery reads).</summary>
    public static object PodList(params string[] podIps) => new
    {
        apiVersion = "v1",
        kind = "PodList",
        metadata = new { resourceVersion = "1" },
        items = podIps.Select((ip, i) => new
        {
            metadata = new { name = $"actortrap-{i}", @namespace = "spec", labels = new Dictionary<string, string> { ["app"] = "actortrap" } },
            spec = new { containers = new[] { new { name = "actortrap", ports = new[] { new { name = "management", containerPort = 8558, protocol = "TCP" } } } } },
            status = new { phase = "Running", podIP = ip },
        }).ToArray(),
    };

    private IResult Handle(HttpContext context)
    {
        requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Query["labelSelector"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault()));
        lock (gate)
        {
            if (waiter is { } w && requests.Count >= w.Count)
            {
                w.Done.TrySetResult();
                waiter = null;
            }
        }

        return Answer(context);
    }

    /// <summary>Its own authority, for 127.0.0.1 (the client checks the name as well as the chain).</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=actortrap-spec-kubernetes-api", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable(HostVariable, null);
        Environment.SetEnvironmentVariable(PortVariable, null);
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Mx;
using ActorTrap.Node.Tests.Support;

namespace ActorTrap.Node.Tests.Hosting;

/// <summary>Issue 15: the node runs the MX watch at /user/mx only when highest-mx can be a sin, and stops it cleanly.</summary>
public sealed class NodeHostMxSpec
{
    [Theory]
    [InlineData("actortrap.smtp.mx.backup-domains=[\"corp.test\"]", true)]
    [InlineData("actortrap.smtp.mx.check-dns=true", true)]
    [InlineData("actortrap.smtp.mx.check-dns=false", false)]
    public async Task Issue15_mx_watch_runs_when_highest_mx_is_configured(string mx, bool runs)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, [
            "actortrap.admin.listen=\"127.0.0.1:0\"",
            "actortrap.smtp.listen=[\"127.0.0.1:0\"]",
            $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"",
            "actortrap.dnsbl.zones=[]",
            mx,
        ]), _ => null);
        Assert.True(loaded.Settings is not null, string.Join("\n", loaded.Errors));
        var node = await NodeHost.StartAsync(loaded.Settings, new LogCapture(), CancellationToken.None);
        try
        {
            Assert.Equal(runs, ActorTree.Snapshot(node.System, "/user/mx", 0) is not null);
            if (runs)
            {
                var status = await node.Smtp.MxWatch!.Ask<MxStatus>(GetMxStatus.Instance, TimeSpan.FromSeconds(5));
                Assert.Equal(0, status.Held);
            }
        }
        finally
        {
            Assert.True(await node.StopAsync("test"));
        }

        Assert.Null(ActorTree.Snapshot(node.System, "/user/mx", 0));
    }
}

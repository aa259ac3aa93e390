using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Listener;

namespace ActorTrap.Node.Tests.Listener;

public sealed class SmtpListenerBindSpec
{
    [Fact]
    public void A_second_listener_on_a_port_a_node_already_listens_on_fails_instead_of_sharing_it()
    {
        using var first = SmtpListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var taken = (IPEndPoint)first.LocalEndPoint!;
        var error = Assert.Throws<NodeStartException>(() => SmtpListener.Bind(taken));
        Assert.Contains($"actortrap.smtp.listen: {taken} is already in use, so the SMTP listener cannot listen there", error.Message, StringComparison.Ordinal);
        Assert.Equal(SocketError.AddressAlreadyInUse, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    [Fact]
    public void A_port_is_bound_again_at_once_while_its_last_connection_waits_in_time_wait()
    {
        IPEndPoint taken;
        using (var first = SmtpListener.Bind(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            taken = (IPEndPoint)first.LocalEndPoint!;
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(taken);
            using var accepted = first.Accept();
            accepted.Shutdown(SocketShutdown.Both); // the server closes first: its side of the pair enters TIME_WAIT
            accepted.Close();
        }

        using var again = SmtpListener.Bind(taken);
        Assert.Equal(taken.Port, ((IPEndPoint)again.LocalEndPoint!).Port);
    }
}

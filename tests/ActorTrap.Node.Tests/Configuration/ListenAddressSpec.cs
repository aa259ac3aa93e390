using System.Net;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Tests.Configuration;

public sealed class ListenAddressSpec
{
    [Theory]
    [InlineData("127.0.0.1:9110", "127.0.0.1", 9110)]
    [InlineData("127.0.0.1", "127.0.0.1", 53)]
    [InlineData("[::1]:25", "::1", 25)]
    [InlineData("[::]", "::", 53)]
    [InlineData(" 10.1.2.3:0 ", "10.1.2.3", 0)]
    public void Parses_literal_addresses_with_optional_port(string text, string address, int port)
    {
        Assert.True(ListenAddress.TryParse(text, 53, out var ep, out var error), error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), ep);
        Assert.True(ListenAddress.TryParse(ListenAddress.Format(ep), 1, out var again, out _));
        Assert.Equal(ep, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host.example:25")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("[::1")]
    [InlineData("[::1]25")]
    [InlineData("::1:25")]
    [InlineData("127.0.0.1:")]
    public void Rejects_anything_else_with_a_reason(string text)
    {
        Assert.False(ListenAddress.TryParse(text, 53, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}

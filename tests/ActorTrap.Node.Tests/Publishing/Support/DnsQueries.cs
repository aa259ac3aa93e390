using ActorTrap.Dns;

namespace ActorTrap.Node.Tests.Publishing.Support;

/// <summary>Builds queries and reads responses with the project's DNS codec (the responder itself bypasses it for speed).</summary>
internal static class DnsQueries
{
    public static byte[] Query(string name, DnsType type, ushort id = 0x1234, ushort edns = 0)
    {
        var buffer = new byte[600];
        var length = DnsMessageWriter.WriteQuery(buffer, id, new DnsQuestion(name, type), edns);
        Assert.True(length > 0);
        return buffer[..length];
    }

    public static DnsMessage Parse(ReadOnlySpan<byte> response)
    {
        Assert.True(DnsMessageReader.TryParse(response, out var message, out var error), $"response does not parse: {error}");
        return message;
    }
}

using System.Net;
using System.Text;
using ActorTrap.Smtp.Commands;

namespace ActorTrap.Smtp.Proxy;

public static partial class ProxyProtocolParser
{
    // "PROXY" SP ( "TCP4" / "TCP6" ) SP src SP dst SP sport SP dport CRLF, or "PROXY UNKNOWN" [anything] CRLF.
    private static ProxyParseResult ParseV1(ReadOnlySpan<byte> data)
    {
        var window = data[..Math.Min(data.Length, V1MaxBytes)];
        var lf = window.IndexOf((byte)'\n');
        if (lf < 0)
        {
            return data.Length >= V1MaxBytes ? ProxyParseResult.Invalid(ProxyParseError.V1TooLong) : ProxyParseResult.NeedMoreData;
        }

        if (lf == 0 || window[lf - 1] != '\r')
        {
            return ProxyParseResult.Invalid(ProxyParseError.V1Syntax);
        }

        var length = lf + 1;
        var line = window[V1Signature.Length..(lf - 1)];
        var fields = new FieldReader(line);
        var protocol = fields.Next();
        if (Ascii.Equals(protocol, "UNKNOWN"u8))
        {
            // Spec 2.1: whatever follows UNKNOWN is ignored, and the real endpoints are used.
            return ProxyParseResult.Parsed(new ProxyHeader(1, ProxyCommand.Proxy, ProxyAddressFamily.Unspecified, null, null, length));
        }

        var family = Ascii.Equals(protocol, "TCP4"u8) ? ProxyAddressFamily.Inet
            : Ascii.Equals(protocol, "TCP6"u8) ? ProxyAddressFamily.Inet6
            : (ProxyAddressFamily?)null;
        if (family is null)
        {
            return ProxyParseResult.Invalid(ProxyParseError.V1Syntax);
        }

        var source = fields.Next();
        var destination = fields.Next();
        var sourcePort = fields.Next();
        var destinationPort = fields.Next();
        if (fields.Failed || !fields.AtEnd || destinationPort.IsEmpty)
        {
            return ProxyParseResult.Invalid(ProxyParseError.V1Syntax);
        }

        if (!TryAddress(source, family.Value, out var from) || !TryAddress(destination, family.Value, out var to))
        {
            return ProxyParseResult.Invalid(ProxyParseError.V1BadAddress);
        }

        if (!TryPort(sourcePort, out var fromPort) || !TryPort(destinationPort, out var toPort))
        {
            return ProxyParseResult.Invalid(ProxyParseError.V1BadPort);
        }

        return ProxyParseResult.Parsed(new ProxyHeader(1, ProxyCommand.Proxy, family.Value,
            new IPEndPoint(from!, fromPort), new IPEndPoint(to!, toPort), length));
    }

    private static bool TryAddress(ReadOnlySpan<byte> text, ProxyAddressFamily family, out IPAddress? address) =>
        family == ProxyAddressFamily.Inet ? SmtpSyntax.TryParseIPv4(text, out address) : SmtpSyntax.TryParseIPv6(text, out address);

    // 1-5 decimal digits, 0-65535.
    private static bool TryPort(ReadOnlySpan<byte> text, out int port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            port = port * 10 + (b - '0');
        }

        return port <= 65535;
    }

    // Fields separated by exactly one space, as the spec writes them.
    private ref struct FieldReader(ReadOnlySpan<byte> line)
    {
        private ReadOnlySpan<byte> _rest = line;
        private bool _done;

        public bool Failed { get; private set; }

        public readonly bool AtEnd => _done;

        public ReadOnlySpan<byte> Next()
        {
            if (_done)
            {
                Failed = true;
                return default;
            }

            var space = _rest.IndexOf((byte)' ');
            var field = space < 0 ? _rest : _rest[..space];
            _done = space < 0;
            _rest = space < 0 ? default : _rest[(space + 1)..];
            Failed |= field.IsEmpty;
            return field;
        }
    }
}

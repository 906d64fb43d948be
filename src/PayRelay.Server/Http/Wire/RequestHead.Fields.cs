using System.Buffers.Text;
using System.Text;

namespace PayRelay.Server.Http.Wire;

internal readonly partial struct RequestHead
{
    /// <summary>
    /// One <c>field-name ":" OWS field-value OWS</c> line (RFC 9112 §5). No whitespace before the colon, no obs-fold,
    /// no control characters but tab: each is a 400, as the RFC asks of a server.
    /// </summary>
    private static void ParseField(ReadOnlySpan<byte> data, int start, int length, ref Fields fields)
    {
        var line = data.Slice(start, length);
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]) || line.ContainsAnyInRange((byte)0, (byte)8) || line.ContainsAnyInRange((byte)10, (byte)31) || line.Contains((byte)0x7F))
        {
            throw new WireException(400, "malformed header line");
        }

        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "Host"u8):
                if (value.ContainsAnyExcept(HostChars))
                {
                    throw new WireException(400, "malformed Host header");
                }

                fields.Hosts++;
                break;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                if (fields.ContentLength >= 0 || value.IsEmpty || !char.IsAsciiDigit((char)value[0])
                    || !Utf8Parser.TryParse(value, out long declared, out var consumed) || consumed != value.Length)
                {
                    throw new WireException(400, "malformed or repeated Content-Length");
                }

                fields.ContentLength = declared;
                break;
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                TransferCodings(value, ref fields);
                break;
            case 12 when Ascii.EqualsIgnoreCase(name, "Content-Type"u8):
                var raw = line[(colon + 1)..];
                var offset = start + colon + 1 + (raw.Length - raw.TrimStart(" \t"u8).Length);
                fields.ContentType = new Range(offset, offset + value.Length);
                break;
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                fields.Close |= ContainsToken(value, "close"u8);
                fields.KeepAlive |= ContainsToken(value, "keep-alive"u8);
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "Expect"u8):
                fields.ExpectContinue = Ascii.EqualsIgnoreCase(value, "100-continue"u8);
                break;
        }
    }

    /// <summary>Only chunked is understood (501 for any other coding, RFC 9112 §6.1), and it is applied once.</summary>
    private static void TransferCodings(ReadOnlySpan<byte> value, ref Fields fields)
    {
        foreach (var part in value.Split((byte)','))
        {
            var coding = value[part].Trim(" \t"u8);
            if (coding.IsEmpty)
            {
                continue;
            }

            if (!Ascii.EqualsIgnoreCase(coding, "chunked"u8))
            {
                throw new WireException(501, "only the chunked transfer coding is understood");
            }

            if (fields.Chunked)
            {
                throw new WireException(400, "chunked is applied more than once");
            }

            fields.Chunked = true;
        }

        if (!fields.Chunked)
        {
            throw new WireException(400, "malformed Transfer-Encoding");
        }
    }

    /// <summary>A comma-separated header value holds <paramref name="token"/>, in any case.</summary>
    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var part in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[part].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }
}

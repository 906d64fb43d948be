using System.Buffers.Text;
using System.Text;

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// The head of one HTTP/1.1 request, parsed in place: offsets into the head's bytes, nothing copied. It holds
/// what decides framing and routing; the other headers are read again only for requests that need them.
/// </summary>
internal readonly struct RequestHead
{
    /// <summary>Longest request head accepted (request line and headers), as Kestrel's default.</summary>
    public const int MaxLength = 32 * 1024;

    public int Length { get; init; }

    public Range Method { get; init; }

    public Range Target { get; init; }

    public bool Http10 { get; init; }

    /// <summary>The declared Content-Length, or -1 when there is none.</summary>
    public long ContentLength { get; init; }

    public bool Chunked { get; init; }

    /// <summary>The client asked for the connection to close after this exchange (or speaks HTTP/1.0 without keep-alive).</summary>
    public bool Close { get; init; }

    public bool ExpectContinue { get; init; }

    public Range ContentType { get; init; }

    /// <summary>Where the header lines start (after the request line's CRLF).</summary>
    public int HeadersStart { get; init; }

    public bool IsPost(ReadOnlySpan<byte> head) => head[Method].SequenceEqual("POST"u8);

    public bool IsGet(ReadOnlySpan<byte> head) => head[Method].SequenceEqual("GET"u8);

    public bool IsPaymentsPost(ReadOnlySpan<byte> head) => IsPost(head) && head[Target].SequenceEqual("/payments"u8);

    /// <summary>
    /// Parses the head at the start of <paramref name="data"/>. Returns false while the head is incomplete;
    /// a malformed head is a <see cref="WireException"/> with the status to answer.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RequestHead head)
    {
        head = default;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (data.Length > MaxLength)
            {
                throw new WireException(431, "the request head is larger than 32 KB");
            }

            return false;
        }

        if (end + 4 > MaxLength)
        {
            throw new WireException(431, "the request head is larger than 32 KB");
        }

        var lineEnd = data.IndexOf("\r\n"u8);
        var (method, target, http10) = ParseRequestLine(data[..lineEnd]);
        var fields = new Fields { ContentLength = -1, KeepAlive = false, Close = false };
        var position = lineEnd + 2;
        while (position < end + 2)
        {
            var length = data[position..].IndexOf("\r\n"u8);
            ParseField(data, position, length, ref fields);
            position += length + 2;
        }

        if (fields.Chunked && fields.ContentLength >= 0)
        {
            throw new WireException(400, "a request cannot have both Content-Length and Transfer-Encoding");
        }

        head = new RequestHead
        {
            Length = end + 4,
            Method = method,
            Target = target,
            Http10 = http10,
            ContentLength = fields.ContentLength,
            Chunked = fields.Chunked,
            Close = fields.Close || (http10 && !fields.KeepAlive),
            ExpectContinue = fields.ExpectContinue,
            ContentType = fields.ContentType,
            HeadersStart = lineEnd + 2,
        };
        return true;
    }

    /// <summary><c>METHOD SP origin-form SP HTTP/1.x</c>.</summary>
    private static (Range Method, Range Target, bool Http10) ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !IsToken(line[..firstSpace]))
        {
            throw new WireException(400, "malformed request line");
        }

        var target = line[(firstSpace + 1)..lastSpace];
        if (target[0] != '/' || target.ContainsAnyInRange((byte)0, (byte)' ') || target.Contains((byte)0x7F))
        {
            throw new WireException(400, "the request target must be a path");
        }

        var version = line[(lastSpace + 1)..];
        if (!version.StartsWith("HTTP/"u8))
        {
            throw new WireException(400, "malformed request line");
        }

        var http10 = version.SequenceEqual("HTTP/1.0"u8);
        if (!http10 && !version.SequenceEqual("HTTP/1.1"u8))
        {
            throw new WireException(505, "only HTTP/1.1 and HTTP/1.0 are served");
        }

        return (new Range(0, firstSpace), new Range(firstSpace + 1, lastSpace), http10);
    }

    private static void ParseField(ReadOnlySpan<byte> data, int start, int length, ref Fields fields)
    {
        var line = data.Slice(start, length);
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]) || line.ContainsAnyInRange((byte)0, (byte)8) || line.ContainsAnyInRange((byte)10, (byte)31))
        {
            throw new WireException(400, "malformed header line");
        }

        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (fields.ContentLength >= 0 || !Utf8Parser.TryParse(value, out long declared, out var consumed) || consumed != value.Length || declared < 0 || value[0] == '-' || value[0] == '+')
            {
                throw new WireException(400, "malformed or repeated Content-Length");
            }

            fields.ContentLength = declared;
        }
        else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            if (fields.Chunked || !Ascii.EqualsIgnoreCase(value, "chunked"u8))
            {
                throw new WireException(501, "only the chunked transfer coding is understood");
            }

            fields.Chunked = true;
        }
        else if (name.Length == 12 && Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
        {
            var raw = line[(colon + 1)..];
            var offset = start + colon + 1 + (raw.Length - raw.TrimStart(" \t"u8).Length);
            fields.ContentType = new Range(offset, offset + value.Length);
        }
        else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            fields.Close |= ContainsToken(value, "close"u8);
            fields.KeepAlive |= ContainsToken(value, "keep-alive"u8);
        }
        else if (name.Length == 6 && Ascii.EqualsIgnoreCase(name, "Expect"u8))
        {
            fields.ExpectContinue = Ascii.EqualsIgnoreCase(value, "100-continue"u8);
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

    private static bool IsToken(ReadOnlySpan<byte> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    private static readonly System.Buffers.SearchValues<byte> TokenChars =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private struct Fields
    {
        public long ContentLength;
        public bool Chunked;
        public bool Close;
        public bool KeepAlive;
        public bool ExpectContinue;
        public Range ContentType;
    }
}

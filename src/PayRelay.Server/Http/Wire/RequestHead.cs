namespace PayRelay.Server.Http.Wire;

/// <summary>
/// The head of one HTTP/1.1 request, parsed in place: offsets into the head's bytes, nothing copied. It holds
/// what decides framing and routing; the other headers are read again only for requests that need them. A line
/// ends with CRLF only: a bare LF is refused at once rather than accepted (RFC 9112 §2.2 allows either), because
/// a line end read one way here and another way by a balancer in front is how requests are smuggled, and every
/// client PayRelay serves (HAProxy, nginx, k6, HttpClient) sends CRLF.
/// </summary>
internal readonly partial struct RequestHead
{
    /// <summary>
    /// Longest request head accepted (request line and headers). Behind HAProxy a head is at most its 16 KB buffer
    /// anyway, and every connection may hold one head this long, so this bounds the memory of slow clients.
    /// </summary>
    public const int MaxLength = 16 * 1024;

    public int Length { get; init; }

    public Range Method { get; init; }

    /// <summary>The origin-form target (path and query); for an absolute-form target its path and query only.</summary>
    public Range Target { get; init; }

    public bool Http10 { get; init; }

    /// <summary>The declared Content-Length, or -1 when there is none.</summary>
    public long ContentLength { get; init; }

    public bool Chunked { get; init; }

    /// <summary>The client asked for the connection to close after this exchange (or speaks HTTP/1.0 without keep-alive).</summary>
    public bool Close { get; init; }

    /// <summary>An HTTP/1.0 client asked to keep the connection: the answer says <c>Connection: keep-alive</c>.</summary>
    public bool KeepAlive10 => Http10 && !Close;

    public bool ExpectContinue { get; init; }

    public Range ContentType { get; init; }

    /// <summary>Where the header lines start (after the request line's CRLF).</summary>
    public int HeadersStart { get; init; }

    public bool IsPost(ReadOnlySpan<byte> head) => head[Method].SequenceEqual("POST"u8);

    public bool IsGet(ReadOnlySpan<byte> head) => head[Method].SequenceEqual("GET"u8);

    public bool IsHead(ReadOnlySpan<byte> head) => head[Method].SequenceEqual("HEAD"u8);

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
            if (HasBareLineFeed(data))
            {
                throw new WireException(400, "a line ends with a bare LF: lines end with CRLF");
            }

            if (data.Length > MaxLength)
            {
                throw data.IndexOf("\r\n"u8) < 0
                    ? new WireException(414, "the request line is longer than 16 KB")
                    : new WireException(431, "the request head is larger than 16 KB");
            }

            return false;
        }

        var lineEnd = data.IndexOf("\r\n"u8);
        if (end + 4 > MaxLength)
        {
            throw lineEnd + 2 > MaxLength
                ? new WireException(414, "the request line is longer than 16 KB")
                : new WireException(431, "the request head is larger than 16 KB");
        }

        var (method, target, http10) = ParseRequestLine(data[..lineEnd]);
        var fields = new Fields { ContentLength = -1 };
        var position = lineEnd + 2;
        while (position < end + 2)
        {
            var length = data[position..].IndexOf("\r\n"u8);
            ParseField(data, position, length, ref fields);
            position += length + 2;
        }

        Check(in fields, http10);
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

    /// <summary>The framing and Host rules of RFC 9112 §3.2 and §6 that span several fields.</summary>
    private static void Check(in Fields fields, bool http10)
    {
        if (fields.Chunked && fields.ContentLength >= 0)
        {
            throw new WireException(400, "a request cannot have both Content-Length and Transfer-Encoding");
        }

        if (fields.Chunked && http10)
        {
            // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
            throw new WireException(400, "an HTTP/1.0 request cannot use Transfer-Encoding");
        }

        if (fields.Hosts > 1)
        {
            throw new WireException(400, "a request has one Host header, not several");
        }

        if (fields.Hosts == 0 && !http10)
        {
            throw new WireException(400, "an HTTP/1.1 request needs a Host header");
        }
    }

    /// <summary>An LF that no CR precedes: in a head whose end was not found, the client ends its lines with LF alone.</summary>
    private static bool HasBareLineFeed(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        for (var i = data.IndexOf((byte)'\n'); i >= 0; i = data[offset..].IndexOf((byte)'\n'))
        {
            var at = offset + i;
            if (at == 0 || data[at - 1] != '\r')
            {
                return true;
            }

            offset = at + 1;
        }

        return false;
    }

    private struct Fields
    {
        public long ContentLength;
        public bool Chunked;
        public bool Close;
        public bool KeepAlive;
        public bool ExpectContinue;
        public int Hosts;
        public Range ContentType;
    }
}

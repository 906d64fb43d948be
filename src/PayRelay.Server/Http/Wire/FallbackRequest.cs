using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// A request other than a payment, copied out of the connection's buffer so it can be handled asynchronously
/// as an ordinary <see cref="HttpContext"/>. These are rare (summaries, purges, status, peer calls), so
/// clarity wins over allocation here.
/// </summary>
internal sealed class FallbackRequest(HttpRequestFeature request, bool isHead)
{
    /// <summary>A <c>HEAD</c> request: the router answers it as a <c>GET</c>, and its answer goes out without a body.</summary>
    public bool IsHead { get; } = isHead;

    public static FallbackRequest Read(ReadOnlySpan<byte> head, in RequestHead parsed, ReadOnlySequence<byte> body)
    {
        var target = head[parsed.Target];
        var headers = new HeaderDictionary();
        var lines = head[parsed.HeadersStart..(parsed.Length - 2)];
        while (!lines.IsEmpty)
        {
            var lineEnd = lines.IndexOf("\r\n"u8);
            var line = lines[..lineEnd];
            var colon = line.IndexOf((byte)':');
            headers.Append(Encoding.Latin1.GetString(line[..colon]), Encoding.Latin1.GetString(line[(colon + 1)..].Trim(" \t"u8)));
            lines = lines[(lineEnd + 2)..];
        }

        // The method as sent: methods are case-sensitive (RFC 9110 §9.1), so "get" is not GET.
        return new FallbackRequest(
            new HttpRequestFeature
            {
                Protocol = parsed.Http10 ? "HTTP/1.0" : "HTTP/1.1",
                Scheme = "http",
                Method = Encoding.ASCII.GetString(head[parsed.Method]),
                PathBase = string.Empty,
                Path = RequestTarget.Path(target),
                QueryString = RequestTarget.Query(target),
                RawTarget = Encoding.ASCII.GetString(target),
                Headers = headers,
                Body = new MemoryStream(body.ToArray(), writable: false),
            },
            parsed.IsHead(head));
    }

    /// <summary>The request's one context, whose response body is buffered for the wire layer to frame with a Content-Length.</summary>
    public (HttpContext Context, MemoryStream ResponseBody) CreateContext(CancellationToken aborted)
    {
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        var responseBody = new MemoryStream();
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = aborted });
        return (new DefaultHttpContext(features), responseBody);
    }
}

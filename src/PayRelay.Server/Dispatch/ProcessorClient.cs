using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// Posts payments to one processor over one long-lived, explicitly tuned handler. No retry handler sits
/// in between: the dispatcher owns retries, because only it knows whether an outcome is unknown.
/// </summary>
public sealed class ProcessorClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _paymentsUri;
    private readonly TimeSpan _timeout;

    public ProcessorClient(Uri baseAddress, int maxConnections, TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        _paymentsUri = new Uri(baseAddress, "/payments");
        _timeout = timeout;
        _invoker = new HttpMessageInvoker(handler ?? CreateHandler(maxConnections), disposeHandler: true);
    }

    public static SocketsHttpHandler CreateHandler(int maxConnections) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    };

    public async Task<AttemptOutcome> PostAsync(Guid correlationId, long amountCents, long requestedAtMs, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _paymentsUri)
        {
            Content = new ByteArrayContent(PaymentBody(correlationId, amountCents, requestedAtMs)),
        };
        request.Content.Headers.ContentType = JsonType;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _invoker.SendAsync(request, timeout.Token);
            return Classify(response.StatusCode);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return AttemptOutcome.NotStored;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return AttemptOutcome.Unknown;
        }
    }

    public static AttemptOutcome Classify(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => AttemptOutcome.Confirmed,
        422 => AttemptOutcome.AlreadyExists,
        429 or >= 500 => AttemptOutcome.NotStored,
        _ => AttemptOutcome.Refused,
    };

    /// <summary>The processor's request body, written byte by byte: no serializer on the dispatch path.</summary>
    public static byte[] PaymentBody(Guid correlationId, long amountCents, long requestedAtMs)
    {
        Span<byte> buffer = stackalloc byte[160];
        var n = 0;
        n += Append(buffer[n..], "{\"correlationId\":\""u8);
        correlationId.TryFormat(buffer[n..], out var written, "D");
        n += written;
        n += Append(buffer[n..], "\",\"amount\":"u8);
        Utf8Formatter.TryFormat(amountCents / 100m, buffer[n..], out written, new StandardFormat('F', 2));
        n += written;
        n += Append(buffer[n..], ",\"requestedAt\":\""u8);
        DateTimeOffset.FromUnixTimeMilliseconds(requestedAtMs).UtcDateTime.TryFormat(buffer[n..], out written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        n += written;
        n += Append(buffer[n..], "\"}"u8);
        return buffer[..n].ToArray();
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    public void Dispose() => _invoker.Dispose();
}

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
        n += WriteAmount(buffer[n..], amountCents);
        n += Append(buffer[n..], ",\"requestedAt\":\""u8);
        n += WriteTimestamp(buffer[n..], requestedAtMs);
        n += Append(buffer[n..], "\"}"u8);
        return buffer[..n].ToArray();
    }

    /// <summary>Cents as a JSON number with exactly two decimals, e.g. 1990 as <c>19.90</c>.</summary>
    private static int WriteAmount(Span<byte> destination, long amountCents)
    {
        var n = 0;
        if (amountCents < 0)
        {
            destination[n++] = (byte)'-';
            amountCents = -amountCents;
        }

        Utf8Formatter.TryFormat(amountCents / 100, destination[n..], out var written);
        n += written;
        destination[n++] = (byte)'.';
        var cents = (int)(amountCents % 100);
        destination[n++] = (byte)('0' + (cents / 10));
        destination[n++] = (byte)('0' + (cents % 10));
        return n;
    }

    /// <summary>Milliseconds since the epoch as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> in UTC, digit by digit.</summary>
    private static int WriteTimestamp(Span<byte> destination, long unixMs)
    {
        var at = DateTime.UnixEpoch.AddMilliseconds(unixMs);
        Digits(destination[..4], at.Year);
        destination[4] = (byte)'-';
        Digits(destination[5..7], at.Month);
        destination[7] = (byte)'-';
        Digits(destination[8..10], at.Day);
        destination[10] = (byte)'T';
        Digits(destination[11..13], at.Hour);
        destination[13] = (byte)':';
        Digits(destination[14..16], at.Minute);
        destination[16] = (byte)':';
        Digits(destination[17..19], at.Second);
        destination[19] = (byte)'.';
        Digits(destination[20..23], at.Millisecond);
        destination[23] = (byte)'Z';
        return 24;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    public void Dispose() => _invoker.Dispose();
}

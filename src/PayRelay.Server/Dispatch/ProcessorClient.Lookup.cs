using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PayRelay.Server.Net;

namespace PayRelay.Server.Dispatch;

public sealed partial class ProcessorClient
{
    /// <summary>A payment's JSON is about a hundred bytes; an answer far longer is not one.</summary>
    public const int MaxLookupBodyBytes = 4096;

    /// <summary>Where the id goes in <see cref="LookupRequest"/>: after <c>GET /payments/</c>.</summary>
    private const int LookupIdOffset = 14;

    /// <summary>
    /// <c>GET /payments/{id}</c> on this processor: whether it holds the payment, and with which amount and requestedAt.
    /// It is off the hot path (a payment taken over pinned asks once before anything is re-sent), on the same pooled
    /// connections and under the same timeout as <see cref="PostAsync"/>. A timeout, a connection error, 429, 5xx, or a
    /// 200 whose body is not this payment is <see cref="LookupKind.Unknown"/>: nothing is learnt.
    /// </summary>
    public async Task<LookupResult> LookupAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        Http1Connection? connection;
        try
        {
            connection = _pool.TakeIdle() ?? await ConnectAsync(deadline.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return LookupResult.Unknown;
        }

        var body = new ArrayBufferWriter<byte>(256);
        int status;
        try
        {
            var length = WriteLookup(connection, correlationId);
            status = await connection.ExchangeAsync(length, body, MaxLookupBodyBytes, deadline.Token);
            _pool.Return(connection);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or InvalidDataException)
        {
            connection.Dispose();
            return LookupResult.Unknown;
        }

        return status switch
        {
            200 => ReadPayment(body.WrittenSpan, correlationId),
            404 => LookupResult.NotFound,
            _ => LookupResult.Unknown,
        };
    }

    /// <summary>The whole lookup request with a zero id; each lookup copies it and writes its id in place.</summary>
    private static byte[] LookupRequest(Uri baseAddress) =>
        Encoding.ASCII.GetBytes($"GET /payments/{Guid.Empty:D} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\n\r\n");

    private int WriteLookup(Http1Connection connection, Guid correlationId)
    {
        var buffer = connection.SendBufferOf(_lookupRequest.Length);
        _lookupRequest.CopyTo(buffer, 0);
        correlationId.TryFormat(buffer.AsSpan(LookupIdOffset), out _, "D");
        return _lookupRequest.Length;
    }

    /// <summary>
    /// Reads the processor's view of a payment, <c>{"correlationId","amount","requestedAt"}</c>: the amount (a JSON number,
    /// or a string holding one) into exact cents, rounded half to even as the processor rounds; requestedAt (ISO-8601, UTC
    /// when it names no offset) into Unix ms. Found only when both are there and readable and the id, if given, is
    /// <paramref name="correlationId"/>; otherwise <see cref="LookupKind.Unknown"/>.
    /// </summary>
    public static LookupResult ReadPayment(ReadOnlySpan<byte> json, Guid correlationId)
    {
        long? cents = null;
        long? requestedAt = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return LookupResult.Unknown;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (IsProperty(ref reader, "correlationId"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var id) || id != correlationId)
                    {
                        return LookupResult.Unknown;
                    }
                }
                else if (IsProperty(ref reader, "amount"u8))
                {
                    reader.Read();
                    cents = ReadCents(ref reader);
                }
                else if (IsProperty(ref reader, "requestedAt"u8))
                {
                    reader.Read();
                    requestedAt = ReadUnixMs(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or OverflowException)
        {
            return LookupResult.Unknown;
        }

        return cents is { } c && requestedAt is { } at ? LookupResult.Found(c, at) : LookupResult.Unknown;
    }

    private static bool IsProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.ValueTextEquals(name) || (!reader.ValueIsEscaped && Ascii.EqualsIgnoreCase(reader.ValueSpan, name));

    private static long? ReadCents(ref Utf8JsonReader reader)
    {
        decimal amount;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDecimal(out amount):
                break;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out amount, out var consumed) && consumed == reader.ValueSpan.Length:
                break;
            default:
                return null;
        }

        var cents = decimal.Round(amount, 2, MidpointRounding.ToEven) * 100;
        return cents is >= long.MinValue and <= long.MaxValue ? (long)cents : null;
    }

    private static long? ReadUnixMs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var at))
        {
            return null;
        }

        // An offset other than Z comes back converted to local time: read it again with its offset, exactly.
        var utc = at.Kind switch
        {
            DateTimeKind.Utc => at,
            DateTimeKind.Local => reader.TryGetDateTimeOffset(out var withOffset) ? withOffset.UtcDateTime : at.ToUniversalTime(),
            _ => DateTime.SpecifyKind(at, DateTimeKind.Utc),
        };
        return new DateTimeOffset(utc).ToUnixTimeMilliseconds();
    }
}

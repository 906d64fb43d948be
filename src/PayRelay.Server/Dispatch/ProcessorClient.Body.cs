using System.Buffers.Text;

namespace PayRelay.Server.Dispatch;

public sealed partial class ProcessorClient
{
    /// <summary>Room for the longest body: a 36-character id, a 19-digit amount and a 24-character timestamp.</summary>
    public const int MaxBodyBytes = 160;

    /// <summary>
    /// The fixed part of every request: method, path, Host, Content-Type and the Content-Length name. Only the
    /// length's digits and the body change from one payment to the next.
    /// </summary>
    private static byte[] RequestHead(Uri baseAddress)
    {
        var text = $"POST /payments HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: ";
        return System.Text.Encoding.ASCII.GetBytes(text);
    }

    /// <summary>Writes the whole request into <paramref name="buffer"/>; returns its length.</summary>
    private int WriteRequest(byte[] buffer, Guid correlationId, long amountCents, long requestedAtMs)
    {
        Span<byte> body = stackalloc byte[MaxBodyBytes];
        var bodyLength = WritePaymentBody(body, correlationId, amountCents, requestedAtMs);
        var span = buffer.AsSpan();
        var n = Append(span, _requestHead);
        Utf8Formatter.TryFormat(bodyLength, span[n..], out var written);
        n += written;
        n += Append(span[n..], "\r\n\r\n"u8);
        n += Append(span[n..], body[..bodyLength]);
        return n;
    }

    /// <summary>The processor's request body, written byte by byte: no serializer on the dispatch path.</summary>
    public static byte[] PaymentBody(Guid correlationId, long amountCents, long requestedAtMs)
    {
        Span<byte> buffer = stackalloc byte[MaxBodyBytes];
        return buffer[..WritePaymentBody(buffer, correlationId, amountCents, requestedAtMs)].ToArray();
    }

    /// <summary>Writes the body into <paramref name="buffer"/> (at least <see cref="MaxBodyBytes"/> long); returns its length.</summary>
    public static int WritePaymentBody(Span<byte> buffer, Guid correlationId, long amountCents, long requestedAtMs)
    {
        var n = 0;
        n += Append(buffer[n..], "{\"correlationId\":\""u8);
        correlationId.TryFormat(buffer[n..], out var written, "D");
        n += written;
        n += Append(buffer[n..], "\",\"amount\":"u8);
        n += WriteAmount(buffer[n..], amountCents);
        n += Append(buffer[n..], ",\"requestedAt\":\""u8);
        n += WriteTimestamp(buffer[n..], requestedAtMs);
        n += Append(buffer[n..], "\"}"u8);
        return n;
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
}

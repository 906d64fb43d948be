using System.Buffers.Text;
using System.Text.Json;

namespace PayRelay.ProcessorEmulator;

internal static partial class PaymentRequestReader
{
    private const int MaxTimestampLength = 64;

    private static bool TryReadGuid(ref Utf8JsonReader reader, out Guid? id)
    {
        id = null;
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var value))
        {
            return false;
        }

        id = value;
        return true;
    }

    private static bool TryReadAmount(ref Utf8JsonReader reader, out decimal? amount)
    {
        amount = null;
        decimal value;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetDecimal(out value))
            {
                return false;
            }
        }
        else if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped
            || !Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) || consumed != reader.ValueSpan.Length)
        {
            return false;
        }

        amount = value;
        return true;
    }

    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset? requestedAt)
    {
        requestedAt = null;
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            return false;
        }

        Span<byte> text = stackalloc byte[MaxTimestampLength];
        var length = reader.CopyString(text);
        // Without an offset the reader assumes the machine's zone; the processor's clock is UTC.
        requestedAt = HasOffset(text[..length]) ? value : new DateTimeOffset(value.DateTime, TimeSpan.Zero);
        return true;
    }

    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        var time = text.IndexOfAny((byte)'T', (byte)'t');
        return time >= 0 && text[(time + 1)..].IndexOfAny("Zz+-"u8) >= 0;
    }
}

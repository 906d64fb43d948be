using System.Buffers;
using System.Text.Json;

namespace PayRelay.ProcessorEmulator;

/// <summary>
/// Parses <c>{"correlationId","amount","requestedAt"}</c> straight from the request bytes. Property
/// names match case-insensitively and amounts may be JSON strings, as the official processor's
/// web-default binding allows; every field is required and unknown fields are ignored.
/// </summary>
internal static partial class PaymentRequestReader
{
    public static bool TryRead(in ReadOnlySequence<byte> body, out PaymentRequest request)
    {
        request = default;
        try
        {
            return TryReadObject(new Utf8JsonReader(body), out request);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadObject(Utf8JsonReader reader, out PaymentRequest request)
    {
        request = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        Guid? id = null;
        decimal? amount = null;
        DateTimeOffset? requestedAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Classify(ref reader);
            reader.Read();
            var ok = field switch
            {
                Field.CorrelationId => TryReadGuid(ref reader, out id),
                Field.Amount => TryReadAmount(ref reader, out amount),
                Field.RequestedAt => TryReadTimestamp(ref reader, out requestedAt),
                _ => reader.TrySkip(),
            };
            if (!ok)
            {
                return false;
            }
        }

        // Reading past the closing brace makes the reader reject trailing content.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || id is null || amount is null || requestedAt is null)
        {
            return false;
        }

        request = new PaymentRequest(id.Value, amount.Value, requestedAt.Value);
        return true;
    }

    private static Field Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("correlationId"u8))
        {
            return Field.CorrelationId;
        }

        if (reader.ValueTextEquals("amount"u8))
        {
            return Field.Amount;
        }

        if (reader.ValueTextEquals("requestedAt"u8))
        {
            return Field.RequestedAt;
        }

        // Rare differently-cased names take the allocating path.
        var name = reader.GetString();
        return name switch
        {
            _ when string.Equals(name, "correlationId", StringComparison.OrdinalIgnoreCase) => Field.CorrelationId,
            _ when string.Equals(name, "amount", StringComparison.OrdinalIgnoreCase) => Field.Amount,
            _ when string.Equals(name, "requestedAt", StringComparison.OrdinalIgnoreCase) => Field.RequestedAt,
            _ => Field.Other,
        };
    }

    private enum Field
    {
        Other,
        CorrelationId,
        Amount,
        RequestedAt,
    }
}

using System.Buffers;
using System.Text.Json;

namespace PayRelay.Server.Http;

/// <summary>A validated <c>POST /payments</c> body, or the reason it was refused.</summary>
public readonly partial record struct PaymentRequest(Guid CorrelationId, long AmountCents, string? Error)
{
    public bool IsValid => Error is null;

    private static PaymentRequest Fail(string error) => new(Guid.Empty, 0, error);

    /// <summary>
    /// Parses <c>{"correlationId": "&lt;uuid&gt;", "amount": &lt;decimal&gt;}</c> with a forward-only reader:
    /// no DOM, no serializer, no allocation for a valid body. Unknown properties are skipped; either known one given
    /// twice (in any spelling JSON allows, escapes included) is refused, since two readers of the same body could
    /// each take a different one. The amount is read exactly from its digits (<see cref="Cents"/>).
    /// </summary>
    public static PaymentRequest Parse(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        Guid? id = null;
        long? cents = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail("the body must be a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("correlationId"u8))
                {
                    if (id is not null)
                    {
                        return Fail("correlationId is given twice");
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var guid))
                    {
                        return Fail("correlationId must be a UUID string");
                    }

                    id = guid;
                }
                else if (reader.ValueTextEquals("amount"u8))
                {
                    if (cents is not null)
                    {
                        return Fail("amount is given twice");
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        return Fail("amount must be a number");
                    }

                    var error = Cents(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, out var amount);
                    if (error is not null)
                    {
                        return Fail(error);
                    }

                    cents = amount;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Fail("malformed JSON");
            }
        }
        catch (JsonException)
        {
            return Fail("malformed JSON");
        }

        if (id is not { } correlationId)
        {
            return Fail("correlationId is required");
        }

        return cents is { } value ? new PaymentRequest(correlationId, value, null) : Fail("amount is required");
    }
}

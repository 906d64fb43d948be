using System.Buffers;
using System.Text.Json;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Http;

/// <summary>A validated <c>POST /payments</c> body, or the reason it was refused.</summary>
public readonly record struct PaymentRequest(Guid CorrelationId, long AmountCents, string? Error)
{
    public bool IsValid => Error is null;

    private static PaymentRequest Fail(string error) => new(Guid.Empty, 0, error);

    /// <summary>
    /// Parses <c>{"correlationId": "&lt;uuid&gt;", "amount": &lt;decimal&gt;}</c> with a forward-only reader:
    /// no DOM, no serializer, no allocation for a valid body. Unknown properties are skipped.
    /// </summary>
    public static PaymentRequest Parse(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        Guid? id = null;
        decimal? amount = null;
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
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var guid))
                    {
                        return Fail("correlationId must be a UUID string");
                    }

                    id = guid;
                }
                else if (reader.ValueTextEquals("amount"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
                    {
                        return Fail("amount must be a number");
                    }

                    amount = value;
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

        return Validate(id, amount);
    }

    private static PaymentRequest Validate(Guid? id, decimal? amount)
    {
        if (id is not { } correlationId)
        {
            return Fail("correlationId is required");
        }

        if (amount is not { } value)
        {
            return Fail("amount is required");
        }

        if (value <= 0m)
        {
            return Fail("amount must be greater than zero");
        }

        if (value > Money.MaxAmount)
        {
            return Fail("amount is too large");
        }

        var cents = Money.ToCents(value);
        return cents == 0 ? Fail("amount must be at least 0.01") : new PaymentRequest(correlationId, cents, null);
    }
}

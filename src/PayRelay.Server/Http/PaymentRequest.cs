using System.Buffers;
using System.Text.Json;

namespace PayRelay.Server.Http;

/// <summary>
/// A validated <c>POST /payments</c> body, or the reason it was refused. <see cref="Canonical"/> says whether the
/// correlationId came in the one spelling a balancer is sure to hash the same way (<see cref="Parse"/>).
/// </summary>
public readonly partial record struct PaymentRequest(Guid CorrelationId, long AmountCents, string? Error, bool Canonical = true)
{
    public bool IsValid => Error is null;

    private static PaymentRequest Fail(string error) => new(Guid.Empty, 0, error);

    /// <summary>
    /// Parses <c>{"correlationId": "&lt;uuid&gt;", "amount": &lt;decimal&gt;}</c> with a forward-only reader:
    /// no DOM, no serializer, no allocation for a valid body. Unknown properties are skipped; either known one given
    /// twice (in any spelling JSON allows, escapes included) is refused, since two readers of the same body could
    /// each take a different one. The amount is read exactly from its digits (<see cref="Cents"/>).
    /// <para>
    /// The correlationId is a UUID in its 36-character 8-4-4-4-12 form; JSON lets the same string be written in other
    /// ways (<c>\u0041</c> escapes) and a UUID's hex digits may be in either case, so all of those are the same id.
    /// Braces, no hyphens or any other text are refused. The id is <see cref="Canonical"/> when a balancer that
    /// hashes the id's text is sure to have hashed this body as it hashes every other spelling of the id: the
    /// property's name and value carry no escape, the digits are lower case, and no object or array came before it
    /// (a nested <c>"correlationId"</c> there could be what a pattern-matching balancer hashed instead).
    /// </para>
    /// </summary>
    public static PaymentRequest Parse(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        Guid? id = null;
        long? cents = null;
        var canonical = true;
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

                    canonical &= !reader.ValueIsEscaped;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var guid))
                    {
                        return Fail("correlationId must be a UUID string");
                    }

                    canonical &= IsLowerCaseText(ref reader);
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
                    if (id is null && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        canonical = false;
                    }

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

        return cents is { } value ? new PaymentRequest(correlationId, value, null, canonical) : Fail("amount is required");
    }

    /// <summary>The current string token, a UUID the reader parsed, is written as is with no upper-case hex digit.</summary>
    private static bool IsLowerCaseText(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return false;
        }

        if (!reader.HasValueSequence)
        {
            return !reader.ValueSpan.ContainsAnyInRange((byte)'A', (byte)'F');
        }

        // An unescaped UUID the reader parsed is its 36 characters exactly.
        Span<byte> text = stackalloc byte[36];
        reader.ValueSequence.CopyTo(text);
        return !text.ContainsAnyInRange((byte)'A', (byte)'F');
    }
}

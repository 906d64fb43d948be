using System.Buffers;
using System.Text;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Observability;

namespace PayRelay.Server.Http;

/// <summary>What <c>POST /payments</c> answers: a status, a short JSON error when refused, and whether to ring the dispatcher.</summary>
public readonly record struct PaymentAnswer(int Status, byte[]? Error, bool Queued, bool RetryAfter);

/// <summary>
/// <c>POST /payments</c>: validate, enqueue, answer 202 with no body. Nothing here waits for a processor.
/// A repeated correlationId is answered 202 as well and processed once. The wire layer hands it the
/// request's Content-Type and whole body and writes the answer.
/// </summary>
public sealed class PaymentsEndpoint(PaymentIntake intake, PaymentRefusals refusals)
{
    /// <summary>Bodies are about 70 bytes; anything past a few KB is not a payment.</summary>
    public const int MaxBodyBytes = 4096;

    private static readonly PaymentAnswer Accepted = new(StatusCodes.Status202Accepted, null, false, false);
    private static readonly PaymentAnswer Queued = Accepted with { Queued = true };
    private static readonly PaymentAnswer NotJson = Refuse(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
    private static readonly PaymentAnswer TooLarge = Refuse(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
    private static readonly PaymentAnswer QueueFull = Refuse(StatusCodes.Status503ServiceUnavailable, "the payment queue is full") with { RetryAfter = true };
    private static readonly PaymentAnswer ShuttingDown = Refuse(StatusCodes.Status503ServiceUnavailable, "this instance is shutting down") with { RetryAfter = true };

    /// <summary>Checks and queues one payment. On <see cref="PaymentAnswer.Queued"/> the caller puts the 202 on the wire, then calls <see cref="Announce"/>.</summary>
    public PaymentAnswer Accept(ReadOnlySpan<byte> contentType, ReadOnlySequence<byte> body)
    {
        if (!IsJson(contentType))
        {
            return Refused(RefusalReason.NotJson, NotJson);
        }

        if (body.Length > MaxBodyBytes)
        {
            return Refused(RefusalReason.TooLarge, TooLarge);
        }

        var parsed = PaymentRequest.Parse(body);
        if (!parsed.IsValid)
        {
            return Refused(RefusalReason.Invalid, Refuse(StatusCodes.Status400BadRequest, parsed.Error!));
        }

        return intake.Offer(parsed.CorrelationId, parsed.AmountCents) switch
        {
            IntakeResult.Accepted => Queued,
            IntakeResult.Duplicate => Accepted,
            IntakeResult.QueueFull => Refused(RefusalReason.QueueFull, QueueFull),
            _ => Refused(RefusalReason.Draining, ShuttingDown),
        };
    }

    /// <summary>Rings the dispatcher, which may start the attempt on the calling thread: call it once the 202 is out.</summary>
    public void Announce() => intake.Announce();

    /// <summary>application/json, optionally followed by parameters such as a charset; checked without allocating.</summary>
    public static bool IsJson(ReadOnlySpan<byte> contentType)
    {
        var json = "application/json"u8;
        if (contentType.Length < json.Length || !Ascii.EqualsIgnoreCase(contentType[..json.Length], json))
        {
            return false;
        }

        var rest = contentType[json.Length..].TrimStart(" \t"u8);
        return rest.IsEmpty || rest[0] == ';';
    }

    /// <summary>A payment the wire layer refused as too large from its head, before any of its body was read.</summary>
    public void RefusedTooLarge() => refusals.Add(RefusalReason.TooLarge);

    /// <summary>Counts the refusal for <c>/metrics</c>; only refusals pay this, never an accepted payment.</summary>
    private PaymentAnswer Refused(RefusalReason reason, PaymentAnswer answer)
    {
        refusals.Add(reason);
        return answer;
    }

    private static PaymentAnswer Refuse(int status, string message) => new(status, Responses.ErrorBody(message), false, false);
}

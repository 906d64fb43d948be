using System.Buffers;
using System.Text;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Observability;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Http;

/// <summary>
/// What <c>POST /payments</c> answers: a status, a short JSON error when refused, and whether to ring the dispatcher.
/// When the store could not answer at once (it waits for a group fsync, or a database), <see cref="Later"/> carries
/// the answer to come and the wire layer writes that one instead.
/// </summary>
public readonly record struct PaymentAnswer(int Status, byte[]? Error, bool Queued, bool RetryAfter, Task<PaymentAnswer>? Later = null);

/// <summary>
/// <c>POST /payments</c>: validate, enqueue, answer 202 with no body. Nothing here waits for a processor.
/// A repeated correlationId is answered 202 as well and processed once; the same correlationId with another
/// amount is a conflict (409), as payment APIs answer an idempotency key reused with other parameters. The wire
/// layer hands it the request's Content-Type and whole body and writes the answer.
/// </summary>
public sealed class PaymentsEndpoint(IPaymentStore store, PaymentIntake intake, DispatchCounters counters, PaymentRefusals refusals)
{
    /// <summary>Bodies are about 70 bytes; anything past a few KB is not a payment.</summary>
    public const int MaxBodyBytes = 4096;

    private static readonly PaymentAnswer Accepted = new(StatusCodes.Status202Accepted, null, false, false);
    private static readonly PaymentAnswer Queued = Accepted with { Queued = true };
    private static readonly PaymentAnswer NotJson = Refuse(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
    private static readonly PaymentAnswer TooLarge = Refuse(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
    private static readonly PaymentAnswer QueueFull = Refuse(StatusCodes.Status503ServiceUnavailable, "the payment queue is full") with { RetryAfter = true };
    private static readonly PaymentAnswer ShuttingDown = Refuse(StatusCodes.Status503ServiceUnavailable, "this instance is shutting down") with { RetryAfter = true };
    private static readonly PaymentAnswer Recovering = Refuse(StatusCodes.Status503ServiceUnavailable, "this instance is recovering its journal") with { RetryAfter = true };
    private static readonly PaymentAnswer Unavailable = Refuse(StatusCodes.Status503ServiceUnavailable, "the payment store cannot keep payments now") with { RetryAfter = true };

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

        var correlationId = parsed.CorrelationId;
        var pending = store.AcceptAsync(correlationId, parsed.AmountCents, CancellationToken.None);
        return pending.IsCompletedSuccessfully
            ? Answer(pending.Result, correlationId)
            : new PaymentAnswer(0, null, false, false, AnswerLaterAsync(pending, correlationId));
    }

    private async Task<PaymentAnswer> AnswerLaterAsync(ValueTask<AcceptResult> pending, Guid correlationId)
    {
        try
        {
            return Answer(await pending, correlationId);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
        {
            return Answer(AcceptResult.Unavailable, correlationId);
        }
    }

    private PaymentAnswer Answer(AcceptResult result, Guid correlationId)
    {
        switch (result)
        {
            case AcceptResult.Accepted:
                counters.OnAccepted();
                return Queued;
            case AcceptResult.Duplicate:
                counters.OnDuplicate();
                return Accepted;
            case AcceptResult.Conflict:
                return Refused(RefusalReason.Conflict, Refuse(StatusCodes.Status409Conflict, $"correlationId {correlationId} was already accepted with a different amount"));
            case AcceptResult.QueueFull:
                return Refused(RefusalReason.QueueFull, QueueFull);
            case AcceptResult.Recovering:
                return Refused(RefusalReason.Recovering, Recovering);
            case AcceptResult.Unavailable:
                return Refused(RefusalReason.Unavailable, Unavailable);
            default:
                return Refused(RefusalReason.Draining, ShuttingDown);
        }
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

using System.Buffers;
using System.Text;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Observability;
using PayRelay.Server.Peers;
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
/// layer hands it the request's Content-Type and whole body and writes the answer. A correlationId in any spelling
/// but the canonical one is accepted only once the peer has reserved it (<see cref="PeerReservations"/>): the
/// balancer may have sent it to the instance that does not hold its other spellings.
/// </summary>
public sealed class PaymentsEndpoint(IPaymentStore store, PaymentIntake intake, DispatchCounters counters, PaymentRefusals refusals, PeerReservations? reservations = null)
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
    private static readonly PaymentAnswer BeingChecked = Refuse(StatusCodes.Status503ServiceUnavailable, "this correlationId is being checked with the other instance") with { RetryAfter = true };
    private static readonly PaymentAnswer PeerUnavailable = Refuse(StatusCodes.Status503ServiceUnavailable, "the other instance could not confirm that this correlationId is new") with { RetryAfter = true };

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
        if (!parsed.Canonical && reservations is { Enabled: true })
        {
            return new PaymentAnswer(0, null, false, false, AcceptCheckedAsync(correlationId, parsed.AmountCents));
        }

        var pending = store.AcceptAsync(correlationId, parsed.AmountCents, CancellationToken.None);
        if (!pending.IsCompletedSuccessfully)
        {
            return new PaymentAnswer(0, null, false, false, AnswerLaterAsync(pending, correlationId, parsed.AmountCents));
        }

        return HeldForPeer(pending.Result, correlationId)
            ? new PaymentAnswer(0, null, false, false, AcceptCheckedAsync(correlationId, parsed.AmountCents))
            : Answer(pending.Result, correlationId);
    }

    /// <summary>A repeat of an id this instance holds only as its peer's reservation: whether it was accepted is the peer's to say.</summary>
    private bool HeldForPeer(AcceptResult result, Guid correlationId) =>
        result is AcceptResult.Duplicate or AcceptResult.Conflict && reservations is { Enabled: true } && reservations.IsReservedForPeer(correlationId);

    private async Task<PaymentAnswer> AnswerLaterAsync(ValueTask<AcceptResult> pending, Guid correlationId, long amountCents)
    {
        try
        {
            var result = await pending;
            return HeldForPeer(result, correlationId) ? await AcceptCheckedAsync(correlationId, amountCents) : Answer(result, correlationId);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
        {
            return Answer(AcceptResult.Unavailable, correlationId);
        }
    }

    /// <summary>
    /// Accepts a payment whose correlationId came in another spelling: only once the peer has reserved the id. A peer
    /// that cannot be asked, or a check of the same id already running, is a 503: nothing accepted, retry.
    /// </summary>
    private async Task<PaymentAnswer> AcceptCheckedAsync(Guid correlationId, long amountCents)
    {
        if (store.State != StoreState.Open)
        {
            return Answer(store.State == StoreState.Recovering ? AcceptResult.Recovering : AcceptResult.Closed, correlationId);
        }

        switch (await reservations!.BeginCheckAsync(correlationId, amountCents, CancellationToken.None))
        {
            case Reservation.Duplicate:
                counters.OnDuplicate();
                return Accepted;
            case Reservation.Conflict:
                return Answer(AcceptResult.Conflict, correlationId);
            case Reservation.Busy:
                return Refused(RefusalReason.PeerCheck, BeingChecked);
            case Reservation.Unavailable:
                return Refused(RefusalReason.PeerCheck, PeerUnavailable);
        }

        try
        {
            AcceptResult result;
            try
            {
                result = await store.AcceptAsync(correlationId, amountCents, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
            {
                result = AcceptResult.Unavailable;
            }

            switch (result)
            {
                case AcceptResult.Accepted:
                    counters.OnAccepted();
                    return Queued;
                case AcceptResult.Duplicate:
                    // Taken here meanwhile in its canonical spelling: this instance holds it, the peer's reservation stands.
                    counters.OnDuplicate();
                    return Accepted;
                case AcceptResult.Conflict:
                    return Answer(result, correlationId);
                default:
                    // Not accepted here after all: the id is nobody's, and the peer must not hold it as this instance's.
                    reservations.GiveBack(correlationId, amountCents);
                    return Answer(result, correlationId);
            }
        }
        finally
        {
            reservations.EndCheck(correlationId);
        }
    }

    private PaymentAnswer Answer(AcceptResult result, Guid correlationId)
    {
        switch (result)
        {
            case AcceptResult.Accepted:
                counters.OnAccepted();
                return Queued;
            case AcceptResult.Duplicate when reservations?.IsChecking(correlationId) == true:
                // A repeat of an id this instance is checking with its peer may yet be refused: it cannot be called accepted.
                return Refused(RefusalReason.PeerCheck, BeingChecked);
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

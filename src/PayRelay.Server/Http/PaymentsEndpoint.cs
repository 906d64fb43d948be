using System.Buffers;
using System.Text;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Observability;
using PayRelay.Server.Peers;

namespace PayRelay.Server.Http;

/// <summary>
/// What <c>POST /payments</c> answers: a status, a short JSON error when refused, and whether to ring the dispatcher. With
/// <see cref="Check"/> there is no answer yet: the payment must first be checked with the peer
/// (<see cref="PaymentsEndpoint.AcceptCheckedAsync"/>).
/// </summary>
public readonly record struct PaymentAnswer(int Status, byte[]? Error, bool Queued, bool RetryAfter, PaymentCheck? Check = null);

/// <summary>A valid payment whose correlationId came in a spelling the balancer may have hashed to the wrong instance.</summary>
public readonly record struct PaymentCheck(Guid CorrelationId, long AmountCents);

/// <summary>
/// <c>POST /payments</c>: validate, enqueue, answer 202 with no body. Nothing here waits for a processor.
/// A repeated correlationId is answered 202 as well and processed once. The wire layer hands it the
/// request's Content-Type and whole body and writes the answer. A correlationId in any spelling but the
/// canonical one is accepted only once the peer has reserved it (<see cref="PeerReservations"/>): the
/// balancer may have sent it to the instance that does not hold its other spellings.
/// </summary>
public sealed class PaymentsEndpoint(PaymentIntake intake, PaymentRefusals refusals, PeerReservations? reservations = null)
{
    /// <summary>Bodies are about 70 bytes; anything past a few KB is not a payment.</summary>
    public const int MaxBodyBytes = 4096;

    private static readonly PaymentAnswer Accepted = new(StatusCodes.Status202Accepted, null, false, false);
    private static readonly PaymentAnswer Queued = Accepted with { Queued = true };
    private static readonly PaymentAnswer NotJson = Refuse(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
    private static readonly PaymentAnswer TooLarge = Refuse(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
    private static readonly PaymentAnswer QueueFull = Refuse(StatusCodes.Status503ServiceUnavailable, "the payment queue is full") with { RetryAfter = true };
    private static readonly PaymentAnswer ShuttingDown = Refuse(StatusCodes.Status503ServiceUnavailable, "this instance is shutting down") with { RetryAfter = true };
    private static readonly PaymentAnswer BeingChecked = Refuse(StatusCodes.Status503ServiceUnavailable, "this correlationId is being checked with the other instance") with { RetryAfter = true };
    private static readonly PaymentAnswer PeerUnavailable = Refuse(StatusCodes.Status503ServiceUnavailable, "the other instance could not confirm that this correlationId is new") with { RetryAfter = true };
    private static readonly PaymentAnswer Conflict = Refuse(StatusCodes.Status409Conflict, "this correlationId was already used with another amount");

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

        if (!parsed.Canonical && reservations is { Enabled: true })
        {
            return new PaymentAnswer(0, null, false, false, new PaymentCheck(parsed.CorrelationId, parsed.AmountCents));
        }

        return Offer(parsed.CorrelationId, parsed.AmountCents);
    }

    /// <summary>
    /// Accepts a payment <see cref="Accept"/> left to check: only once the peer has reserved its correlationId. A peer
    /// that cannot be asked, or a check of the same id already running, is a 503: nothing accepted, retry.
    /// </summary>
    public async Task<PaymentAnswer> AcceptCheckedAsync(PaymentCheck check, CancellationToken cancellationToken)
    {
        if (intake.Closed)
        {
            return Refused(RefusalReason.Draining, ShuttingDown);
        }

        var (id, cents) = check;
        switch (await reservations!.BeginCheckAsync(id, cents, cancellationToken))
        {
            case Reservation.Duplicate:
                return Accepted;
            case Reservation.Conflict:
                return Conflict;
            case Reservation.Busy:
                return BeingChecked;
            case Reservation.Unavailable:
                return PeerUnavailable;
        }

        try
        {
            switch (intake.Offer(id, cents))
            {
                case IntakeResult.Accepted:
                    return Queued;
                case IntakeResult.Duplicate:
                    // Taken here meanwhile in its canonical spelling: this instance holds it, the peer's reservation stands.
                    return Accepted;
                case IntakeResult.QueueFull:
                    reservations.GiveBack(id, cents);
                    return Refused(RefusalReason.QueueFull, QueueFull);
                default:
                    reservations.GiveBack(id, cents);
                    return Refused(RefusalReason.Draining, ShuttingDown);
            }
        }
        finally
        {
            reservations.EndCheck(id);
        }
    }

    private PaymentAnswer Offer(Guid correlationId, long amountCents) => intake.Offer(correlationId, amountCents) switch
    {
        IntakeResult.Accepted => Queued,
        // A repeat of an id this instance is checking with its peer may yet be refused: it cannot be called accepted.
        IntakeResult.Duplicate => reservations?.IsChecking(correlationId) == true ? BeingChecked : Accepted,
        IntakeResult.QueueFull => Refused(RefusalReason.QueueFull, QueueFull),
        _ => Refused(RefusalReason.Draining, ShuttingDown),
    };

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

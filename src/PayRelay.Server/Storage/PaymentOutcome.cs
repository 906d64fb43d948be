using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Storage;

/// <summary>What an attempt settled about an open payment.</summary>
public enum OutcomeKind
{
    /// <summary>The processor stored it (200, or 422 where the payment was pinned): it enters the ledger.</summary>
    Confirmed,

    /// <summary>A 422 where the payment was never sent: another party charged that correlationId. Not in the ledger.</summary>
    ChargedElsewhere,

    /// <summary>A 4xx other than 422: the processor refuses the request itself. Not in the ledger.</summary>
    Refused,

    /// <summary>A 5xx or no connection: the processor stored nothing. The payment stays open and free to go to either processor.</summary>
    NotStored,
}

/// <summary>
/// The end of one payment: at which processor, and under which requestedAt (Unix ms) when confirmed. A confirmation
/// learnt from the processor's own record (a lookup) carries the amount it holds, <see cref="HeldCents"/>, which the
/// ledger records in place of the accepted amount: the auditor compares with what the processor holds.
/// </summary>
public readonly record struct PaymentOutcome(OutcomeKind Kind, ProcessorKind Processor, long RequestedAtMs, long? HeldCents = null)
{
    public static PaymentOutcome Confirmed(ProcessorKind processor, long requestedAtMs, long? heldCents = null) => new(OutcomeKind.Confirmed, processor, requestedAtMs, heldCents);

    /// <summary>The cents the ledger records for <paramref name="payment"/>: what the processor holds when it said, else the accepted amount.</summary>
    public long CentsOf(PendingPayment payment) => HeldCents ?? payment.AmountCents;

    public static PaymentOutcome ChargedElsewhere(ProcessorKind processor) => new(OutcomeKind.ChargedElsewhere, processor, 0);

    public static PaymentOutcome Refused(ProcessorKind processor) => new(OutcomeKind.Refused, processor, 0);

    public static PaymentOutcome NotStored(ProcessorKind processor) => new(OutcomeKind.NotStored, processor, 0);
}

/// <summary>
/// A payment one instance hands to its peer on shutdown: what the peer needs to finish it exactly as the sender
/// would have, including a pin to a processor whose attempt's outcome is unknown.
/// </summary>
public readonly record struct HandedOffPayment(
    Guid CorrelationId,
    long AmountCents,
    long AcceptedAtMs,
    ProcessorKind? PinnedTo,
    long RequestedAtMs)
{
    /// <summary>A held payment in these terms: its acceptance as wall-clock time (its age is kept), and its pin.</summary>
    public static HandedOffPayment Of(PendingPayment payment, TimeProvider time)
    {
        var acceptedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)time.GetElapsedTime(payment.AcceptedAtTimestamp).TotalMilliseconds;
        return new HandedOffPayment(payment.CorrelationId, payment.AmountCents, acceptedAtMs, payment.PinnedTo, payment.RequestedAt);
    }
}

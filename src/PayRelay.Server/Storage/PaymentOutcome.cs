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

/// <summary>The end of one payment: at which processor, and under which requestedAt (Unix ms) when confirmed.</summary>
public readonly record struct PaymentOutcome(OutcomeKind Kind, ProcessorKind Processor, long RequestedAtMs)
{
    public static PaymentOutcome Confirmed(ProcessorKind processor, long requestedAtMs) => new(OutcomeKind.Confirmed, processor, requestedAtMs);

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
    long RequestedAtMs);

namespace PayRelay.Server.Dispatch;

/// <summary>
/// A payment accepted by this instance and not yet confirmed. It is a class because the dispatcher
/// mutates it across attempts: once an attempt's outcome is unknown (a timeout), the payment is pinned
/// to that processor and every later attempt re-sends the same <see cref="RequestedAt"/>, so whichever
/// attempt the processor stored carries the timestamp the ledger records.
/// </summary>
public sealed class PendingPayment(Guid correlationId, long amountCents, long acceptedAtTimestamp, int generation)
{
    public Guid CorrelationId { get; } = correlationId;

    /// <summary>The amount in cents, already rounded the way the processor rounds it (banker's rounding).</summary>
    public long AmountCents { get; } = amountCents;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the payment was accepted.</summary>
    public long AcceptedAtTimestamp { get; } = acceptedAtTimestamp;

    /// <summary>The ledger generation the payment belongs to; a purge starts a new one.</summary>
    public int Generation { get; } = generation;

    /// <summary>Set when an attempt's outcome is unknown: the payment may only ever go to this processor.</summary>
    public ProcessorKind? PinnedTo { get; set; }

    /// <summary>The requestedAt (Unix ms) sent with the pinned attempts; meaningful only when pinned.</summary>
    public long RequestedAt { get; set; }

    /// <summary>
    /// Set when this process took the payment already pinned from somewhere else (its journal at start, a peer's
    /// hand-off, another instance's lapsed lease) and has not yet asked the pinned processor whether it stored the
    /// earlier attempt: the next step is <c>GET /payments/{id}</c> there, not a re-send.
    /// </summary>
    public bool AskFirst { get; set; }
}

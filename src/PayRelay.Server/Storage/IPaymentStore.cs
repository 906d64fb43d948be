using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Storage;

/// <summary>
/// The one seam between the HTTP and dispatch code and where payments are kept: in process (memory, or memory
/// backed by a local journal) or in a database shared by many instances. The verbs are the same in each:
/// accept, hand to dispatch, record what an attempt is about to do and how a payment ended, summarise, purge,
/// recover before traffic, and close or hand off on shutdown.
/// <para>
/// Dispatch reads its work from the <see cref="PaymentIntake"/> queue whatever the store: an embedded store puts
/// each payment there as it accepts it (and the payments it recovers through <see cref="RecoverAsync"/>); a
/// shared store claims batches under a lease and puts them there. Every payment the store hands out ends in
/// exactly one final <see cref="RecordOutcomeAsync"/>, a hand-off, or stays open in the store for the next start.
/// </para>
/// </summary>
public interface IPaymentStore : IAsyncDisposable
{
    /// <summary>True when the store holds the whole deployment's payments (a shared database): summaries need no peer and nothing is handed off.</summary>
    bool Shared { get; }

    /// <summary>Recovering until <see cref="RecoverAsync"/> ends, open while it takes payments, closed once the instance drains.</summary>
    StoreState State { get; }

    /// <summary>The current purge generation. A purge starts a new one; dispatch discards unsent the payments of an older one.</summary>
    int Generation { get; }

    /// <summary>Confirmed payments this store's ledger holds (all instances' for a shared store).</summary>
    long Count { get; }

    /// <summary>
    /// Replays what the store held before this start, before any traffic: the ledger whole again, open payments
    /// queued again with their acceptance time, payments whose last attempt's outcome is unknown pinned to that
    /// processor with the same requestedAt. Returns how many open payments it queued.
    /// </summary>
    ValueTask<int> RecoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes one payment. On <see cref="AcceptResult.Accepted"/> the payment is as durable as the store promises
    /// and is queued for dispatch (the caller rings the dispatcher once its 202 is out). Completes synchronously
    /// whenever durability needs no wait, so the hot path allocates nothing.
    /// </summary>
    ValueTask<AcceptResult> AcceptAsync(Guid correlationId, long amountCents, CancellationToken cancellationToken);

    /// <summary>Records, before it is sent, that <paramref name="payment"/> goes to <paramref name="processor"/> with <paramref name="requestedAtMs"/>: after a crash it is resolved there first.</summary>
    ValueTask RecordAttemptAsync(PendingPayment payment, ProcessorKind processor, long requestedAtMs, CancellationToken cancellationToken);

    /// <summary>
    /// Records what an attempt settled: how <paramref name="payment"/> ended, or (<see cref="OutcomeKind.NotStored"/>)
    /// that it is still open but no longer tied to the processor it was sent to. Returns false when it belongs to a
    /// purged generation and was not recorded.
    /// </summary>
    ValueTask<bool> RecordOutcomeAsync(PendingPayment payment, PaymentOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Totals per processor over requestedAt in [fromMs, toMs], both bounds inclusive (Unix ms).</summary>
    ValueTask<LedgerSummary> SummarizeAsync(long fromMs, long toMs, CancellationToken cancellationToken);

    /// <summary>Forgets every payment (ledger, correlationIds seen, what is queued) and starts a new generation.</summary>
    ValueTask PurgeAsync(CancellationToken cancellationToken);

    /// <summary>Stops taking payments (<see cref="AcceptResult.Closed"/>); what is held stays to be finished or handed off.</summary>
    void Close();

    /// <summary>
    /// Takes payments a draining peer hands over: each is made durable here (journaled as adopted) before this
    /// returns, then queued for dispatch. A correlationId already known here is not taken twice. Returns how many
    /// were new.
    /// </summary>
    ValueTask<int> AdoptAsync(IReadOnlyList<HandedOffPayment> payments, CancellationToken cancellationToken);

    /// <summary>Records that the peer acknowledged <paramref name="payments"/>: they are no longer this store's to finish.</summary>
    ValueTask MarkHandedOffAsync(IReadOnlyList<PendingPayment> payments, CancellationToken cancellationToken);

    /// <summary>
    /// The end of a drain: <paramref name="left"/> are the payments neither finished nor handed off. They stay
    /// open in the store for the next start (an embedded store makes its journal durable; a shared store releases
    /// their leases).
    /// </summary>
    ValueTask CloseAsync(IReadOnlyList<PendingPayment> left, CancellationToken cancellationToken);
}

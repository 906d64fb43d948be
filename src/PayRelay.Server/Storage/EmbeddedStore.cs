using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Storage;

/// <summary>
/// The store of one instance, in process: the correlationIds seen (with their amounts), the ledger of confirmed
/// payments, and the queue to the dispatcher. Accepting is a lock, a dictionary lookup and a queue write; nothing
/// on that path allocates beyond the payment itself.
/// </summary>
public sealed partial class EmbeddedStore : IPaymentStore, IReservationStore
{
    private readonly SeenPayments _seen = new();
    private readonly PaymentLedger _ledger;
    private readonly PaymentIntake _intake;
    private readonly TimeProvider _time;
    private volatile StoreState _state = StoreState.Recovering;

    public EmbeddedStore(PaymentLedger ledger, PaymentIntake intake, TimeProvider time)
    {
        _ledger = ledger;
        _intake = intake;
        _time = time;
    }

    public bool Shared => false;

    public StoreState State => _state;

    public int Generation => _ledger.Generation;

    public long Count => _ledger.Count;

    public ValueTask<int> RecoverAsync(CancellationToken cancellationToken)
    {
        if (_state == StoreState.Recovering)
        {
            _state = StoreState.Open;
        }

        return ValueTask.FromResult(0);
    }

    public ValueTask<AcceptResult> AcceptAsync(Guid correlationId, long amountCents, CancellationToken cancellationToken)
    {
        var state = _state;
        if (state != StoreState.Open)
        {
            return ValueTask.FromResult(state == StoreState.Recovering ? AcceptResult.Recovering : AcceptResult.Closed);
        }

        switch (_seen.TryAdd(correlationId, amountCents))
        {
            case SeenResult.SameAmount:
                return ValueTask.FromResult(AcceptResult.Duplicate);
            case SeenResult.OtherAmount:
                return ValueTask.FromResult(AcceptResult.Conflict);
        }

        if (_intake.Full)
        {
            _seen.Remove(correlationId);
            return ValueTask.FromResult(AcceptResult.QueueFull);
        }

        _intake.Enqueue(new PendingPayment(correlationId, amountCents, _time.GetTimestamp(), _ledger.Generation));
        return ValueTask.FromResult(AcceptResult.Accepted);
    }

    public ValueTask RecordAttemptAsync(PendingPayment payment, ProcessorKind processor, long requestedAtMs, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public ValueTask<bool> RecordOutcomeAsync(PendingPayment payment, PaymentOutcome outcome, CancellationToken cancellationToken)
    {
        var recorded = outcome.Kind == OutcomeKind.Confirmed
            ? _ledger.Record(outcome.Processor, outcome.RequestedAtMs, payment.AmountCents, payment.Generation)
            : payment.Generation == _ledger.Generation;
        return ValueTask.FromResult(recorded);
    }

    public ValueTask<LedgerSummary> SummarizeAsync(long fromMs, long toMs, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_ledger.Summarize(fromMs, toMs));

    public ValueTask PurgeAsync(CancellationToken cancellationToken)
    {
        _ledger.Purge();
        _seen.Clear();
        return ValueTask.CompletedTask;
    }

    public void Close() => _state = StoreState.Closed;

    public ValueTask<int> AdoptAsync(IReadOnlyList<HandedOffPayment> payments, CancellationToken cancellationToken)
    {
        var adopted = 0;
        foreach (var handed in payments)
        {
            if (_seen.TryAdd(handed.CorrelationId, handed.AmountCents) != SeenResult.New)
            {
                continue;
            }

            Queue(Restore(handed));
            adopted++;
        }

        return ValueTask.FromResult(adopted);
    }

    public ValueTask MarkHandedOffAsync(IReadOnlyList<PendingPayment> payments, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CloseAsync(IReadOnlyList<PendingPayment> left, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public SeenResult Find(Guid correlationId, long amountCents) => _seen.Find(correlationId, amountCents);

    // A reservation is held in the same dedupe set as an accepted payment. When accepts are journaled, a reservation
    // and its release must be journaled with them (see IReservationStore).

    /// <inheritdoc/>
    public SeenResult ReserveForPeer(Guid correlationId, long amountCents) => _seen.TryAdd(correlationId, amountCents);

    /// <inheritdoc/>
    public void ForgetPeerReservation(Guid correlationId) => _seen.Remove(correlationId);

    /// <summary>
    /// A payment taken back from a journal or a peer, in this instance's terms: its acceptance time moved onto this
    /// process's monotonic clock (so its age counts from when it was really accepted), and its pin kept.
    /// </summary>
    private PendingPayment Restore(in HandedOffPayment handed)
    {
        var ageMs = Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - handed.AcceptedAtMs);
        var acceptedAt = _time.GetTimestamp() - (long)(ageMs * (_time.TimestampFrequency / 1000.0));
        return new PendingPayment(handed.CorrelationId, handed.AmountCents, acceptedAt, _ledger.Generation)
        {
            PinnedTo = handed.PinnedTo,
            RequestedAt = handed.RequestedAtMs,
        };
    }

    /// <summary>Puts a payment the store already holds in front of the dispatcher: pinned ones straight to their processor.</summary>
    private void Queue(PendingPayment payment)
    {
        if (payment.PinnedTo is null)
        {
            _intake.Enqueue(payment);
        }
        else
        {
            _intake.Resume(payment);
        }
    }

    /// <summary>What a held payment looks like on the wire to the peer, or in a journal snapshot.</summary>
    public HandedOffPayment Describe(PendingPayment payment)
    {
        var acceptedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_time.GetElapsedTime(payment.AcceptedAtTimestamp).TotalMilliseconds;
        return new HandedOffPayment(payment.CorrelationId, payment.AmountCents, acceptedAtMs, payment.PinnedTo, payment.RequestedAt);
    }
}

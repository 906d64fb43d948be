using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage.Journaling;

namespace PayRelay.Server.Storage;

/// <summary>
/// The store of one instance, in process: the correlationIds seen (with their amounts), the ledger of confirmed
/// payments, and the queue to the dispatcher; with a journal (the default), every fact is appended to it before
/// anything depends on it, and a start replays it. Memory only, accepting is a lock, a dictionary lookup and a
/// queue write; journaled, one <c>write()</c> more, under the same lock so the file's order is the state's order.
/// </summary>
public sealed partial class EmbeddedStore : IPaymentStore, IReservationStore
{
    private readonly SeenPayments _seen = new();
    private readonly PaymentLedger _ledger;
    private readonly PaymentIntake _intake;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile StoreState _state = StoreState.Recovering;

    public EmbeddedStore(PaymentLedger ledger, PaymentIntake intake, TimeProvider time, JournalOptions? journal = null, ILogger<EmbeddedStore>? logger = null)
    {
        _ledger = ledger;
        _intake = intake;
        _time = time;
        _journalOptions = journal;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    public bool Shared => false;

    public StoreState State => _state;

    public int Generation => _ledger.Generation;

    public long Count => _ledger.Count;

    /// <summary>True when the store keeps a journal.</summary>
    public bool Journaled => _journalOptions is not null;

    public async ValueTask<int> RecoverAsync(CancellationToken cancellationToken)
    {
        if (_state != StoreState.Recovering)
        {
            return 0;
        }

        var queued = 0;
        if (_journalOptions is null)
        {
            StoreLog.MemoryOnly(_logger);
        }
        else
        {
            queued = await Task.Run(Replay, cancellationToken);
        }

        _state = StoreState.Open;
        return queued;
    }

    public ValueTask<AcceptResult> AcceptAsync(Guid correlationId, long amountCents, CancellationToken cancellationToken)
    {
        var state = _state;
        if (state != StoreState.Open)
        {
            return ValueTask.FromResult(state == StoreState.Recovering ? AcceptResult.Recovering : AcceptResult.Closed);
        }

        if (_writer is not null)
        {
            return AcceptJournaled(correlationId, amountCents);
        }

        if (TakeId(correlationId, amountCents) is { } refused)
        {
            return ValueTask.FromResult(refused);
        }

        _intake.Enqueue(new PendingPayment(correlationId, amountCents, _time.GetTimestamp(), _ledger.Generation));
        return ValueTask.FromResult(AcceptResult.Accepted);
    }

    /// <summary>
    /// Marks the id seen with its amount, unless it is a repeat (Duplicate, or Conflict for another amount) or the queue
    /// is full (QueueFull, the id left unseen). Null: the id is this payment's now. The journaled path calls it under the lock.
    /// </summary>
    private AcceptResult? TakeId(Guid correlationId, long amountCents)
    {
        switch (_seen.TryAdd(correlationId, amountCents))
        {
            case SeenResult.SameAmount:
                return AcceptResult.Duplicate;
            case SeenResult.OtherAmount:
                return AcceptResult.Conflict;
        }

        if (_intake.Full)
        {
            _seen.Remove(correlationId);
            return AcceptResult.QueueFull;
        }

        return null;
    }

    public ValueTask RecordAttemptAsync(PendingPayment payment, ProcessorKind processor, long requestedAtMs, CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            JournalAttempt(payment, processor, requestedAtMs);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> RecordOutcomeAsync(PendingPayment payment, PaymentOutcome outcome, CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return ValueTask.FromResult(JournalOutcome(payment, outcome));
        }

        var recorded = outcome.Kind == OutcomeKind.Confirmed
            ? _ledger.Record(outcome.Processor, outcome.RequestedAtMs, outcome.CentsOf(payment), payment.Generation)
            : payment.Generation == _ledger.Generation;
        return ValueTask.FromResult(recorded);
    }

    public ValueTask<LedgerSummary> SummarizeAsync(long fromMs, long toMs, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_ledger.Summarize(fromMs, toMs));

    public ValueTask PurgeAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            JournalPurge();
            return ValueTask.CompletedTask;
        }

        _ledger.Purge();
        _seen.Clear();
        return ValueTask.CompletedTask;
    }

    public void Close() => _state = StoreState.Closed;

    public async ValueTask<int> AdoptAsync(IReadOnlyList<HandedOffPayment> payments, CancellationToken cancellationToken)
    {
        var adopted = new List<PendingPayment>(payments.Count);
        foreach (var handed in payments)
        {
            if (_writer is not null)
            {
                if (JournalAdopted(handed) is { } payment)
                {
                    adopted.Add(payment);
                }
            }
            else if (_seen.TryAdd(handed.CorrelationId, handed.AmountCents) == SeenResult.New)
            {
                adopted.Add(Restore(handed));
            }
        }

        if (_writer is not null)
        {
            await _writer.WhenDurableAsync();
        }

        foreach (var payment in adopted)
        {
            Queue(payment);
        }

        return adopted.Count;
    }

    public ValueTask MarkHandedOffAsync(IReadOnlyList<PendingPayment> payments, CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            JournalHandedOff(payments);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask CloseAsync(IReadOnlyList<PendingPayment> left, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return;
        }

        await _compaction;
        lock (_gate)
        {
            _writer.FlushToDisk();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _compaction;
        _writer?.Dispose();
    }

    /// <inheritdoc/>
    public SeenResult Find(Guid correlationId, long amountCents) => _seen.Find(correlationId, amountCents);

    // A reservation is held in the same dedupe set as an accepted payment; with a journal it is journaled with them,
    // so a restart still knows the id is the peer's.

    /// <inheritdoc/>
    public SeenResult ReserveForPeer(Guid correlationId, long amountCents) =>
        _writer is not null ? JournalReservation(correlationId, amountCents) : _seen.TryAdd(correlationId, amountCents);

    /// <inheritdoc/>
    public void ForgetPeerReservation(Guid correlationId)
    {
        if (_writer is not null)
        {
            JournalReservationForgotten(correlationId);
            return;
        }

        _seen.Remove(correlationId);
    }

    /// <summary>
    /// A payment taken back from a journal or a peer, in this instance's terms: its acceptance time moved onto this
    /// process's monotonic clock (so its age counts from when it was really accepted), and its pin kept, with the pinned
    /// processor to be asked (<see cref="PendingPayment.AskFirst"/>) before anything is re-sent.
    /// </summary>
    private PendingPayment Restore(in HandedOffPayment handed)
    {
        var ageMs = Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - handed.AcceptedAtMs);
        var acceptedAt = _time.GetTimestamp() - (long)(ageMs * (_time.TimestampFrequency / 1000.0));
        return new PendingPayment(handed.CorrelationId, handed.AmountCents, acceptedAt, _ledger.Generation)
        {
            PinnedTo = handed.PinnedTo,
            RequestedAt = handed.RequestedAtMs,

            // The attempt that pinned it was made by another process (or this one's previous life): the processor is asked first.
            AskFirst = handed.PinnedTo is not null,
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
}

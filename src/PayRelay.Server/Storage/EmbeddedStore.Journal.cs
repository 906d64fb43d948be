using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage.Journaling;

namespace PayRelay.Server.Storage;

public sealed partial class EmbeddedStore
{
    private readonly JournalOptions? _journalOptions;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, OpenPayment> _open = [];

    // Ids held for the peer, journaled with them: after a restart the peer's hand-off of one is still adopted here.
    private readonly HashSet<Guid> _reserved = [];
    private JournalFiles? _files;
    private JournalWriter? _writer;
    private int _purges;

    /// <summary>
    /// Accepts with the journal: the record is written (and, with <c>batch</c>, fsynced with its group) before the
    /// payment is queued and before its 202 leaves. A write that fails refuses the payment (503) rather than promise it.
    /// </summary>
    private ValueTask<AcceptResult> AcceptJournaled(Guid correlationId, long amountCents)
    {
        var writer = _writer!;
        PendingPayment payment;
        lock (_gate)
        {
            if (TakeId(correlationId, amountCents) is { } refused)
            {
                return ValueTask.FromResult(refused);
            }

            var acceptedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            try
            {
                writer.Append(new JournalRecord(RecordType.Accepted, correlationId, amountCents, acceptedAtMs));
            }
            catch (IOException e)
            {
                _seen.Remove(correlationId);
                StoreLog.WriteFailed(_logger, "accept", e);
                return ValueTask.FromResult(AcceptResult.Unavailable);
            }

            _open[correlationId] = new OpenPayment(amountCents, acceptedAtMs, null, 0);
            payment = new PendingPayment(correlationId, amountCents, _time.GetTimestamp(), _ledger.Generation);
            CompactIfDue();
        }

        if (writer.Sync == JournalSync.Batch)
        {
            return QueueWhenDurableAsync(writer, payment);
        }

        _intake.Enqueue(payment);
        return ValueTask.FromResult(AcceptResult.Accepted);
    }

    private async ValueTask<AcceptResult> QueueWhenDurableAsync(JournalWriter writer, PendingPayment payment)
    {
        await writer.WhenDurableAsync();
        _intake.Enqueue(payment);
        return AcceptResult.Accepted;
    }

    /// <summary>Journals an attempt before it is sent; a write that fails throws, and the attempt is not sent.</summary>
    private void JournalAttempt(PendingPayment payment, ProcessorKind processor, long requestedAtMs)
    {
        lock (_gate)
        {
            if (payment.Generation != _ledger.Generation)
            {
                return;
            }

            _writer!.Append(new JournalRecord(RecordType.Attempt, payment.CorrelationId, Processor: processor, RequestedAtMs: requestedAtMs));
            if (_open.TryGetValue(payment.CorrelationId, out var open))
            {
                _open[payment.CorrelationId] = open with { PinnedTo = processor, RequestedAtMs = requestedAtMs };
            }
        }
    }

    /// <summary>
    /// Settles a payment in memory first, then journals it. A write that fails is logged: the ledger here is right,
    /// and after a restart the payment, still open in the journal, is resolved again on the processor it is pinned to
    /// (a 422 there confirms it).
    /// </summary>
    private bool JournalOutcome(PendingPayment payment, PaymentOutcome outcome)
    {
        lock (_gate)
        {
            if (payment.Generation != _ledger.Generation)
            {
                return false;
            }

            var id = payment.CorrelationId;
            RecordType type;
            switch (outcome.Kind)
            {
                case OutcomeKind.Confirmed:
                    _ledger.Record(outcome.Processor, outcome.RequestedAtMs, outcome.CentsOf(payment), payment.Generation);
                    _open.Remove(id);
                    type = RecordType.Confirmed;
                    break;
                case OutcomeKind.NotStored:
                    if (_open.TryGetValue(id, out var open))
                    {
                        _open[id] = open with { PinnedTo = null, RequestedAtMs = 0 };
                    }

                    type = RecordType.NotStored;
                    break;
                default:
                    _open.Remove(id);
                    type = outcome.Kind == OutcomeKind.ChargedElsewhere ? RecordType.ChargedElsewhere : RecordType.Refused;
                    break;
            }

            try
            {
                // A confirmation journals the cents the ledger records (the processor's, when a lookup said).
                _writer!.Append(new JournalRecord(type, id, outcome.CentsOf(payment), Processor: outcome.Processor, RequestedAtMs: outcome.RequestedAtMs));
                CompactIfDue();
            }
            catch (IOException e)
            {
                StoreLog.WriteFailed(_logger, type.ToString(), e);
            }

            return true;
        }
    }

    /// <summary>A purge: a purge record, a fresh segment, then every older file deleted; a crash in between replays to empty.</summary>
    private void JournalPurge()
    {
        lock (_gate)
        {
            _ledger.Purge();
            _seen.Clear();
            _open.Clear();
            _open.TrimExcess();
            _reserved.Clear();
            _purges++;
            _writer!.Append(new JournalRecord(RecordType.Purge, Guid.Empty));
            var closed = _writer.Rotate();
            _files!.DeleteUpTo(closed);
        }
    }

    /// <summary>Journals a payment taken from the peer; null when this store knew it already.</summary>
    private PendingPayment? JournalAdopted(in HandedOffPayment handed)
    {
        lock (_gate)
        {
            if (_seen.TryAdd(handed.CorrelationId, handed.AmountCents) != SeenResult.New && !_reserved.Remove(handed.CorrelationId))
            {
                return null;
            }

            try
            {
                _writer!.Append(new JournalRecord(RecordType.Adopted, handed.CorrelationId, handed.AmountCents, handed.AcceptedAtMs, handed.PinnedTo, handed.RequestedAtMs));
            }
            catch (IOException)
            {
                // Not kept here, so not acknowledged: the peer keeps it.
                _seen.Remove(handed.CorrelationId);
                throw;
            }

            _open[handed.CorrelationId] = new OpenPayment(handed.AmountCents, handed.AcceptedAtMs, handed.PinnedTo, handed.RequestedAtMs);
            return Restore(handed);
        }
    }

    private void JournalHandedOff(IReadOnlyList<PendingPayment> payments)
    {
        lock (_gate)
        {
            foreach (var payment in payments)
            {
                if (_open.Remove(payment.CorrelationId))
                {
                    _writer!.Append(new JournalRecord(RecordType.HandedOff, payment.CorrelationId));
                }
            }

            _writer!.FlushToDisk();
        }
    }

    /// <summary>Holds an id for the peer, journaled: a write that fails refuses the reservation (the peer then refuses the payment).</summary>
    private SeenResult JournalReservation(Guid correlationId, long amountCents)
    {
        lock (_gate)
        {
            var seen = _seen.TryAdd(correlationId, amountCents);
            if (seen == SeenResult.New)
            {
                try
                {
                    _writer!.Append(new JournalRecord(RecordType.Reserved, correlationId, amountCents));
                }
                catch (IOException)
                {
                    _seen.Remove(correlationId);
                    throw;
                }

                _reserved.Add(correlationId);
            }

            return seen;
        }
    }

    private void JournalReservationForgotten(Guid correlationId)
    {
        lock (_gate)
        {
            if (!_reserved.Remove(correlationId))
            {
                return;
            }

            _seen.Remove(correlationId);
            try
            {
                _writer!.Append(new JournalRecord(RecordType.ReservationReleased, correlationId));
            }
            catch (IOException e)
            {
                StoreLog.WriteFailed(_logger, "reservation release", e);
            }
        }
    }
}

using PayRelay.Server.Storage;

namespace PayRelay.Server.Dispatch;

public sealed partial class Dispatcher
{
    /// <summary>
    /// One POST to one processor and what its outcome means. The ledger records a payment only on a 200,
    /// or on a 422 from the processor the payment is pinned to (an earlier attempt there had an unknown
    /// outcome and was stored after all). A 422 on a payment never sent there before means another party
    /// charged that correlationId: it is not recorded twice. The store learns of the attempt before it is
    /// sent, so after a crash the payment is resolved on the processor that may have it.
    /// </summary>
    private async Task RunAttemptAsync(PendingPayment payment, ProcessorKind target, ProcessorMonitor.Attempt attempt)
    {
        var monitor = _monitors[(int)target];
        var pinnedHere = payment.PinnedTo == target;
        var requestedAt = pinnedHere ? payment.RequestedAt : Stamp(payment, attempt.Probe);
        if (!pinnedHere && !await NoteAttemptAsync(payment, target, requestedAt, monitor, attempt))
        {
            return;
        }

        try
        {
            var outcome = await _clients[(int)target].PostAsync(payment.CorrelationId, payment.AmountCents, requestedAt, _abortAttempts.Token);
            switch (outcome)
            {
                case AttemptOutcome.Confirmed:
                    monitor.Succeeded(attempt);
                    await ConfirmAsync(payment, target, requestedAt);
                    break;
                case AttemptOutcome.AlreadyExists when pinnedHere:
                    monitor.Succeeded(attempt);
                    await ConfirmAsync(payment, target, requestedAt);
                    break;
                case AttemptOutcome.AlreadyExists:
                    monitor.Succeeded(attempt);
                    await _store.RecordOutcomeAsync(payment, PaymentOutcome.ChargedElsewhere(target), CancellationToken.None);
                    _counters.OnChargedElsewhere();
                    Log.ChargedElsewhere(_logger, payment.CorrelationId, ProcessorKinds.Name(target));
                    break;
                case AttemptOutcome.NotStored:
                    monitor.Failed(attempt, timedOut: false);
                    if (!pinnedHere)
                    {
                        await _store.RecordOutcomeAsync(payment, PaymentOutcome.NotStored(target), CancellationToken.None);
                    }

                    GiveBack(payment);
                    break;
                case AttemptOutcome.Unknown:
                    monitor.Failed(attempt, timedOut: true);
                    _counters.OnUncertain();
                    if (!pinnedHere)
                    {
                        payment.RequestedAt = requestedAt;
                        payment.PinnedTo = target;
                    }

                    GiveBack(payment);
                    break;
                default:
                    monitor.Ended(attempt);
                    await _store.RecordOutcomeAsync(payment, PaymentOutcome.Refused(target), CancellationToken.None);
                    _counters.OnRefused();
                    Log.Refused(_logger, payment.CorrelationId, ProcessorKinds.Name(target));
                    break;
            }
        }
        catch (Exception e)
        {
            // Unreachable by design (the client classifies its errors), but a payment must never vanish.
            monitor.Failed(attempt, timedOut: false);
            Log.AttemptFault(_logger, payment.CorrelationId, e);
            if (payment.PinnedTo is null)
            {
                payment.RequestedAt = requestedAt;
                payment.PinnedTo = target;
            }

            GiveBack(payment);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            if (Pending > 0)
            {
                // Something waits for this slot or for the news this outcome brings; with nothing waiting,
                // the next payment rings anyway.
                Ring();
            }
        }
    }

    private long Stamp(PendingPayment payment, bool probe) =>
        _policy.Stamp(_time.GetUtcNow().ToUnixTimeMilliseconds(), _time.GetElapsedTime(payment.AcceptedAtTimestamp), probe);

    /// <summary>Records the payment confirmed; <paramref name="heldCents"/> is the amount the processor holds, when a lookup told.</summary>
    private async ValueTask ConfirmAsync(PendingPayment payment, ProcessorKind target, long requestedAt, long? heldCents = null)
    {
        if (await _store.RecordOutcomeAsync(payment, PaymentOutcome.Confirmed(target, requestedAt, heldCents), CancellationToken.None))
        {
            _counters.OnConfirmed(target);
        }
    }

    /// <summary>
    /// Tells the store where the payment is about to go. When the store cannot keep that (a disk error), nothing is
    /// sent: the payment goes back to the queue unpinned, as no processor has seen it.
    /// </summary>
    private async ValueTask<bool> NoteAttemptAsync(PendingPayment payment, ProcessorKind target, long requestedAt, ProcessorMonitor monitor, ProcessorMonitor.Attempt attempt)
    {
        try
        {
            await _store.RecordAttemptAsync(payment, target, requestedAt, CancellationToken.None);
            return true;
        }
        catch (PaymentNotHeldException)
        {
            // Another instance took it over, or a purge removed it: that copy is not this instance's to send.
            monitor.Ended(attempt);
            Interlocked.Decrement(ref _inFlight);
            Ring();
            return false;
        }
        catch (Exception e)
        {
            monitor.Ended(attempt);
            Log.AttemptFault(_logger, payment.CorrelationId, e);
            GiveBack(payment);
            Interlocked.Decrement(ref _inFlight);
            Ring();
            return false;
        }
    }

    private void GiveBack(PendingPayment payment)
    {
        _counters.OnRetried();
        _returned.Enqueue(payment);
    }
}

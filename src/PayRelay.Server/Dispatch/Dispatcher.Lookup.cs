namespace PayRelay.Server.Dispatch;

public sealed partial class Dispatcher
{
    /// <summary>
    /// Asks the processor a payment taken over pinned is pinned to whether it stored the earlier attempt, in one of that
    /// processor's slots like a POST. Found: confirmed with what the processor holds, nothing re-sent. Not found: the
    /// payment goes back still pinned, to be re-sent with the same requestedAt (the earlier attempt may yet be stored,
    /// inside a slow processor's delay; the re-send then gets 200 or 422, and either confirms it). Unknown: it goes back
    /// to be asked again later, and the monitor counts a failure, so a failing processor is not asked in a loop.
    /// A lookup's answer says nothing of how a POST would fare (it skips the delay), so an answer only frees the slot.
    /// </summary>
    private async Task RunLookupAsync(PendingPayment payment, ProcessorKind target, ProcessorMonitor.Attempt attempt)
    {
        var monitor = _monitors[(int)target];
        try
        {
            var result = await _clients[(int)target].LookupAsync(payment.CorrelationId, _abortAttempts.Token);
            _counters.OnLookup(result.Kind);
            switch (result.Kind)
            {
                case LookupKind.Found:
                    monitor.Ended(attempt);
                    payment.AskFirst = false;
                    if (result.AmountCents != payment.AmountCents || result.RequestedAtMs != payment.RequestedAt)
                    {
                        Log.LookupDiffers(_logger, payment.CorrelationId, ProcessorKinds.Name(target), result.AmountCents, result.RequestedAtMs, payment.AmountCents, payment.RequestedAt);
                    }

                    await ConfirmAsync(payment, target, result.RequestedAtMs, result.AmountCents);
                    break;
                case LookupKind.NotFound:
                    monitor.Ended(attempt);
                    payment.AskFirst = false;
                    GiveBack(payment);
                    break;
                default:
                    monitor.Failed(attempt, timedOut: false);
                    GiveBack(payment);
                    break;
            }
        }
        catch (Exception e)
        {
            // Unreachable by design (the client classifies its errors), but a payment must never vanish.
            monitor.Failed(attempt, timedOut: false);
            Log.AttemptFault(_logger, payment.CorrelationId, e);
            GiveBack(payment);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            if (Pending > 0)
            {
                Ring();
            }
        }
    }
}

using System.Diagnostics.Metrics;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Observability;

public sealed partial class RelayObservations
{
    private void AddPayments(Meter meter)
    {
        meter.CreateObservableCounter("payrelay.payments.accepted", () => _counters.Accepted, Payments,
            "Payments accepted (202) and queued for a processor");
        meter.CreateObservableCounter("payrelay.payments.duplicated", () => _counters.Duplicates, Payments,
            "Repeated POSTs of a correlationId this instance already had: answered 202, charged once");
        meter.CreateObservableCounter("payrelay.payments.refused", Refused, Payments,
            "Payments refused at the door, by reason and status: invalid (400), too-large (413), not-json (415), conflict (409), queue-full, draining, recovering, unavailable and peer-check (503)");
        meter.CreateObservableCounter("payrelay.payments.confirmed", Confirmed, Payments,
            "Payments a processor confirmed and the ledger recorded, by processor");
        meter.CreateObservableCounter("payrelay.payments.retried", () => _counters.Retried, Attempts,
            "Attempts that ended without a confirmation and put their payment back in the queue");
        meter.CreateObservableCounter("payrelay.payments.charged_elsewhere", () => _counters.ChargedElsewhere, Payments,
            "First attempts answered 422: another party (the peer, an earlier life) had charged that correlationId");
        meter.CreateObservableCounter("payrelay.payments.processor_refused", () => _counters.Refused, Payments,
            "Payments a processor refused outright (a 4xx other than 422 and 429): never charged");
        meter.CreateObservableCounter("payrelay.payments.lookups", Lookups, "{lookup}",
            "Lookups (GET /payments/{id}) of payments taken over pinned (journal, hand-off, lease), by result: found (confirmed without a re-send), not-found (re-sent), unknown (asked again later)");
    }

    private IEnumerable<Measurement<long>> Lookups()
    {
        for (var result = 0; result < LookupResults.Length; result++)
        {
            yield return new(_counters.Lookups((LookupKind)result), new KeyValuePair<string, object?>("result", LookupResults[result]));
        }
    }

    private void AddQueue(Meter meter)
    {
        meter.CreateObservableGauge("payrelay.queue.depth", () => _dispatcher.Pending, Payments,
            "Payments waiting for dispatch: queued, held for a retry, or pinned to a processor");
        meter.CreateObservableGauge("payrelay.in_flight", () => _dispatcher.InFlight, Attempts,
            "Attempts running now, over both processors");
        meter.CreateObservableGauge("payrelay.ledger.payments", () => _store.Count, Payments,
            "Confirmed payments in the ledger this instance answers summaries from: its own, or with STORE=postgres the deployment's (a purge empties it)");
        meter.CreateObservableGauge("payrelay.draining", () => _store.State == StoreState.Closed ? 1 : 0, "1",
            "1 once the instance drains and refuses new payments, 0 while it takes them");
    }

    /// <summary>By <see cref="LookupKind"/>'s value.</summary>
    private static readonly string[] LookupResults = ["found", "not-found", "unknown"];

    private IEnumerable<Measurement<long>> Refused()
    {
        for (var reason = 0; reason < PaymentRefusals.Count; reason++)
        {
            var (name, status) = PaymentRefusals.LabelsOf((RefusalReason)reason);
            yield return new(_refusals[(RefusalReason)reason], new("reason", name), new("status", status));
        }
    }

    private IEnumerable<Measurement<long>> Confirmed()
    {
        foreach (var kind in Kinds)
        {
            yield return new(_counters.ConfirmedBy(kind), Processor(kind));
        }
    }
}

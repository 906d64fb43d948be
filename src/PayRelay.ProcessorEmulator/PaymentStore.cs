using System.Collections.Concurrent;

namespace PayRelay.ProcessorEmulator;

/// <summary>
/// The processor's table of payments. A concurrent dictionary keyed by correlationId gives the
/// unique constraint (first insert wins) without a global lock on the payment path.
/// </summary>
internal sealed class PaymentStore
{
    // Sized for the final test (about 90 000 payments per run) so inserts do not pay for resizes.
    private const int InitialCapacity = 1 << 17;

    private ConcurrentDictionary<Guid, StoredPayment> _payments = NewTable();

    public int Count => _payments.Count;

    public bool TryAdd(in StoredPayment payment) => _payments.TryAdd(payment.CorrelationId, payment);

    public bool TryGet(Guid correlationId, out StoredPayment payment) => _payments.TryGetValue(correlationId, out payment);

    public EmulatorSummary Summarize(DateTimeOffset? from, DateTimeOffset? to, decimal fee)
    {
        // The official processor filters only when both bounds are present (BETWEEN, inclusive).
        var filtered = from.HasValue && to.HasValue;
        var lower = from.GetValueOrDefault();
        var upper = to.GetValueOrDefault();
        long count = 0;
        decimal total = 0;
        foreach (var entry in _payments)
        {
            var at = entry.Value.RequestedAt;
            if (filtered && (at < lower || at > upper))
            {
                continue;
            }

            count++;
            total += entry.Value.Amount;
        }

        return new EmulatorSummary(count, total, total * fee, fee);
    }

    // Swapping in a fresh table keeps its presized capacity, which Clear() would drop.
    public int Purge() => Interlocked.Exchange(ref _payments, NewTable()).Count;

    private static ConcurrentDictionary<Guid, StoredPayment> NewTable() => new(Environment.ProcessorCount, InitialCapacity);
}

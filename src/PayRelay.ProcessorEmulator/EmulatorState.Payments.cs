namespace PayRelay.ProcessorEmulator;

public sealed partial class EmulatorState
{
    /// <summary>Payments stored.</summary>
    public int Count => _store.Count;

    /// <summary><c>POST /payments</c> calls holding one of the 800 permits (parsing, waiting out the delay or storing).</summary>
    public int PaymentsInFlight => PaymentPermitLimit - (int)(PaymentGate.GetStatistics()?.CurrentAvailablePermits ?? PaymentPermitLimit);

    /// <summary><c>POST /payments</c> calls waiting for a permit.</summary>
    public int PaymentsQueued => (int)(PaymentGate.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>Inserts waiting for one of the cost model's database connections (always 0 without a store share).</summary>
    public int InsertsWaiting => StorePool?.Waiting ?? 0;

    /// <summary>Health calls waiting for a later window of the limiter.</summary>
    public int HealthCallersWaiting => HealthLimiter.Waiting;

    /// <summary>Looks a payment up by its correlationId, as <c>GET /payments/{id}</c> does.</summary>
    public bool TryGet(Guid correlationId, out StoredPayment payment) => _store.TryGet(correlationId, out payment);

    /// <summary>
    /// The admin summary: filtered on requestedAt with both bounds inclusive when both are given,
    /// unfiltered when either is missing; the fee total is not rounded.
    /// </summary>
    public EmulatorSummary GetSummary(DateTimeOffset? from, DateTimeOffset? to) => _store.Summarize(from, to, Options.TransactionFee);

    /// <summary>Deletes every payment, as <c>POST /admin/purge-payments</c> does.</summary>
    public void Purge() => _store.Purge();

    /// <summary>
    /// Stores a payment the way <c>POST /payments</c> does (amount rounded half to even to cents,
    /// requestedAt truncated to the millisecond); false when the correlationId already exists.
    /// </summary>
    public bool TryStore(Guid correlationId, decimal amount, DateTimeOffset requestedAt) =>
        _store.TryAdd(new StoredPayment(correlationId, RoundAmount(amount), TruncateToMilliseconds(requestedAt), Options.TimeProvider.GetUtcNow()));

    /// <summary>The request path's share of the cost model, spent on the calling thread.</summary>
    internal void SpendRequestShare()
    {
        if (Options.Cost.RequestCpu > TimeSpan.Zero)
        {
            Options.CpuBurner.Burn(Options.Cost.RequestCpu);
        }
    }

    /// <summary>
    /// The insert of <c>POST /payments</c>: inline when inserts cost nothing; otherwise through the store pool, which
    /// spends the store share first (for a duplicate too: the database tries the insert before it refuses it).
    /// </summary>
    internal Task<bool> StoreAsync(in PaymentRequest payment, CancellationToken stopping) =>
        StorePool is { } pool ? pool.InsertAsync(payment, stopping) : Task.FromResult(Insert(payment));

    internal int PurgeAndCount() => _store.Purge();

    private bool Insert(PaymentRequest payment) => TryStore(payment.CorrelationId, payment.Amount, payment.RequestedAt);

    internal static decimal RoundAmount(decimal amount) => decimal.Round(amount, 2, MidpointRounding.ToEven);

    internal static DateTimeOffset TruncateToMilliseconds(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}

namespace PayRelay.ProcessorEmulator.Cost;

/// <summary>
/// The database side of the cost model: a fixed number of "connections", each insert holding one while it spends
/// the store share of CPU and then inserts. Like PostgreSQL behind the processor's connection pool, at most
/// <see cref="ProcessorCost.Connections"/> inserts run at once and the others wait for a connection, so a busy machine
/// shows up as latency on the payment that waits. The burn runs on the thread that got the connection: handing it to
/// threads of their own, as PostgreSQL's backends are processes of their own, measured 130–290 µs more CPU per
/// payment in wake-ups, while the measured share already includes the real database's round trip. The semaphore is
/// never disposed: it lives as long as the processor and never creates a wait handle.
/// </summary>
internal sealed class StorePool
{
    private readonly SemaphoreSlim _connections;
    private readonly TimeSpan _cpu;
    private readonly ICpuBurner _burner;
    private readonly Func<PaymentRequest, bool> _insert;
    private int _waiting;

    /// <param name="cost">The store share and the number of connections.</param>
    /// <param name="burner">What spends the store share.</param>
    /// <param name="insert">The insert itself: true when stored, false for a known correlationId.</param>
    public StorePool(ProcessorCost cost, ICpuBurner burner, Func<PaymentRequest, bool> insert)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(burner);
        ArgumentNullException.ThrowIfNull(insert);
        _connections = new SemaphoreSlim(cost.Connections, cost.Connections);
        _cpu = cost.StoreCpu;
        _burner = burner;
        _insert = insert;
    }

    /// <summary>Inserts waiting for a free connection.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Inserts <paramref name="payment"/> once a connection is free, after spending the store share.</summary>
    /// <exception cref="OperationCanceledException">The host stopped while the insert waited.</exception>
    public async Task<bool> InsertAsync(PaymentRequest payment, CancellationToken cancellationToken)
    {
        if (!_connections.Wait(0, CancellationToken.None))
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _connections.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        try
        {
            _burner.Burn(_cpu);
            return _insert(payment);
        }
        finally
        {
            _connections.Release();
        }
    }
}

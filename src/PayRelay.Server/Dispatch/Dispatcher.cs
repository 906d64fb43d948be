using System.Collections.Concurrent;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// Owns the money: one pump takes payments from the intake in order, asks the routing policy where each
/// goes, and starts the attempt; attempts complete on I/O threads and either record the payment in the
/// store (which keeps the ledger) or hand it back to the pump. The pump has no thread of its own: whoever rings the doorbell (a
/// request that queued a payment, an attempt that handed one back, a health report, a timer) runs it, one
/// at a time, so the common path costs no thread wake-up. Nothing busy-waits.
/// </summary>
public sealed partial class Dispatcher : IAsyncDisposable
{
    private readonly PaymentIntake _intake;
    private readonly IPaymentStore _store;
    private readonly ProcessorMonitor[] _monitors;
    private readonly ProcessorClient[] _clients;
    private readonly RoutingPolicy _policy;
    private readonly DispatchRate _rate;
    private readonly DispatchCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly ConcurrentQueue<PendingPayment> _returned = new();
    private readonly CancellationTokenSource _abortAttempts = new();
    private readonly ProcessorState[] _lastStates = [ProcessorState.Healthy, ProcessorState.Healthy];
    private readonly ITimer _wakeTimer;
    private const int PumpNotStarted = -2;
    private const int PumpStopped = -1;
    private const int PumpIdle = 0;
    private const int PumpRunning = 1;
    private const int PumpRungAgain = 2;
    private int _pumpState = PumpNotStarted;
    private int _inFlight;
    private int _waiting;

    public Dispatcher(
        PaymentIntake intake,
        IPaymentStore store,
        ProcessorMonitor[] monitors,
        ProcessorClient[] clients,
        RoutingPolicy policy,
        DispatchRate rate,
        DispatchCounters counters,
        TimeProvider time,
        ILogger<Dispatcher> logger)
    {
        _intake = intake;
        _store = store;
        _monitors = monitors;
        _clients = clients;
        _policy = policy;
        _rate = rate;
        _counters = counters;
        _time = time;
        _logger = logger;
        _wakeTimer = time.CreateTimer(static state => ((Dispatcher)state!).Ring(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        intake.SetListener(Ring, Resume);
    }

    /// <summary>Attempts running now, over both processors.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Payments waiting for dispatch: queued, held for a retry, or pinned to a processor.</summary>
    public int Pending => _intake.Depth + Volatile.Read(ref _waiting) + _returned.Count;

    public ProcessorMonitor Monitor(ProcessorKind kind) => _monitors[(int)kind];

    /// <summary>Takes a payment pinned to a processor (recovered or adopted): it is resolved there before anything else is tried.</summary>
    public void Resume(PendingPayment payment)
    {
        _returned.Enqueue(payment);
        Ring();
    }

    public void Start()
    {
        Interlocked.CompareExchange(ref _pumpState, PumpIdle, PumpNotStarted);
        Ring();
    }

    public async ValueTask DisposeAsync()
    {
        await StopPumpAsync();
        await _abortAttempts.CancelAsync();
        await _wakeTimer.DisposeAsync();
        _abortAttempts.Dispose();
    }
}

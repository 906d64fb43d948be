using System.Collections.Concurrent;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// Owns the money: one pump takes payments from the intake in order, asks the routing policy where each
/// goes, and starts the attempt; attempts complete on I/O threads and either record the payment in the
/// store (which keeps the ledger) or hand it back to the pump. How many attempts each processor gets at once is its monitor's
/// adaptive limit (<see cref="ConcurrencyLimiter"/>); there is no fixed rate.
/// <para>
/// The pump runs on a thread of its own, woken by the doorbell (a request that queued a payment, an attempt
/// that handed one back, a health report, a timer). It used to run inline on whichever thread rang, socket
/// threads included, so a pass that sent a burst after an outage held a thread that reads requests; now a
/// ring costs the ringer a compare-and-swap and at most a semaphore release, and the intake always comes
/// first. Nothing busy-waits.
/// </para>
/// </summary>
public sealed partial class Dispatcher : IAsyncDisposable
{
    private readonly PaymentIntake _intake;
    private readonly IPaymentStore _store;
    private readonly ProcessorMonitor[] _monitors;
    private readonly ProcessorClient[] _clients;
    private readonly RoutingPolicy _policy;
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
        DispatchCounters counters,
        TimeProvider time,
        ILogger<Dispatcher> logger,
        int? threadNice = null)
    {
        _intake = intake;
        _store = store;
        _monitors = monitors;
        _clients = clients;
        _policy = policy;
        _threadNice = threadNice;
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
        if (Interlocked.CompareExchange(ref _pumpState, PumpIdle, PumpNotStarted) == PumpNotStarted)
        {
            StartPumpThread();
        }

        Ring();
    }

    public async ValueTask DisposeAsync()
    {
        await StopPumpAsync();
        await _abortAttempts.CancelAsync();
        await _wakeTimer.DisposeAsync();
        _abortAttempts.Dispose();
        _doorbell.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// Owns the money: one pump task takes payments from the intake in order, asks the routing policy where
/// each goes, and starts the attempt; attempts complete on the thread pool and either record the payment
/// in the ledger or hand it back to the pump. The pump only sleeps on a doorbell (an attempt ended, a
/// payment came back, new input, the health view changed, a timer), never on a busy loop.
/// </summary>
public sealed partial class Dispatcher : IAsyncDisposable
{
    private readonly PaymentIntake _intake;
    private readonly PaymentLedger _ledger;
    private readonly ProcessorMonitor[] _monitors;
    private readonly ProcessorClient[] _clients;
    private readonly RoutingPolicy _policy;
    private readonly DispatchRate _rate;
    private readonly DispatchCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly Channel<bool> _bell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentQueue<PendingPayment> _returned = new();
    private readonly CancellationTokenSource _stopPump = new();
    private readonly CancellationTokenSource _abortAttempts = new();
    private readonly ProcessorState[] _lastStates = [ProcessorState.Healthy, ProcessorState.Healthy];
    private readonly ITimer _wakeTimer;
    private Task _pump = Task.CompletedTask;
    private int _inFlight;
    private int _waiting;

    public Dispatcher(
        PaymentIntake intake,
        PaymentLedger ledger,
        ProcessorMonitor[] monitors,
        ProcessorClient[] clients,
        RoutingPolicy policy,
        DispatchRate rate,
        DispatchCounters counters,
        TimeProvider time,
        ILogger<Dispatcher> logger)
    {
        _intake = intake;
        _ledger = ledger;
        _monitors = monitors;
        _clients = clients;
        _policy = policy;
        _rate = rate;
        _counters = counters;
        _time = time;
        _logger = logger;
        _wakeTimer = time.CreateTimer(static state => ((Dispatcher)state!).Ring(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        intake.SetListener(Ring);
    }

    /// <summary>Attempts running now, over both processors.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Payments waiting for dispatch: queued, held for a retry, or pinned to a processor.</summary>
    public int Pending => _intake.Depth + Volatile.Read(ref _waiting) + _returned.Count;

    public ProcessorMonitor Monitor(ProcessorKind kind) => _monitors[(int)kind];

    public void Start() => _pump = Task.Run(() => PumpAsync(_stopPump.Token));

    /// <summary>Wakes the pump to decide again, e.g. after a health report.</summary>
    public void Ring() => _bell.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        await _stopPump.CancelAsync();
        Ring();
        await _abortAttempts.CancelAsync();
        await _pump;
        await _wakeTimer.DisposeAsync();
        _stopPump.Dispose();
        _abortAttempts.Dispose();
    }
}

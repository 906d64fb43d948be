namespace PayRelay.ProcessorEmulator;

/// <summary>
/// The health endpoint's fixed-window limiter, shared by every caller: one call per window is
/// granted at once; while the window is used, up to <c>queueLimit</c> callers wait and are released
/// one per window, oldest first; anyone else is rejected at once with the time left in the window.
/// Windows are aligned on the first call, as the official processor's lazily created limiter is.
/// </summary>
internal sealed partial class HealthWindowLimiter : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _windowLength;
    private readonly int _queueLimit;
    private readonly LinkedList<Waiter> _queue = new();
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private bool _started;
    private long _windowEnd;
    private bool _windowUsed;
    private bool _disposed;

    public HealthWindowLimiter(TimeProvider time, TimeSpan window, int queueLimit)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _time = time;
        _windowLength = Math.Max(1, (long)(window.TotalSeconds * time.TimestampFrequency));
        _queueLimit = queueLimit;
    }

    /// <summary>Callers waiting for a later window.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Grants, rejects, or waits for a later window. A waiting caller whose token is cancelled
    /// leaves the queue and frees its place; disposal cancels every waiter.
    /// </summary>
    public ValueTask<HealthAdmission> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            if (_queue.Count == 0)
            {
                // With nobody waiting the timer may be idle, so the caller rolls the window itself.
                RollTo(now);
                if (!_windowUsed)
                {
                    _windowUsed = true;
                    return ValueTask.FromResult(HealthAdmission.Grant);
                }
            }

            if (_queue.Count >= _queueLimit)
            {
                return ValueTask.FromResult(new HealthAdmission(false, TimeLeft(now)));
            }

            waiter = new Waiter();
            waiter.Node = _queue.AddLast(waiter);
            if (_queue.Count == 1)
            {
                ArmTimer(now);
            }
        }

        waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) =>
        {
            var (limiter, waiting) = ((HealthWindowLimiter, Waiter))state!;
            limiter.Abandon(waiting, token);
        }, (this, waiter));
        return new ValueTask<HealthAdmission>(WaitAsync(waiter));
    }

    public void Dispose()
    {
        Waiter[] abandoned;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
            _timer?.Dispose();
        }

        foreach (var waiter in abandoned)
        {
            waiter.TrySetCanceled();
        }
    }
}

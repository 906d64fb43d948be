namespace PayRelay.Server.Dispatch;

public sealed partial class Dispatcher
{
    // Pump-local: only the pump thread touches these two.
    private readonly Queue<PendingPayment> _retry = new();
    private readonly List<PendingPayment> _pinned = [];

    /// <summary>Set once per move from idle to running (and once more to stop): the pump thread waits on it.</summary>
    private readonly AutoResetEvent _doorbell = new(false);
    private TaskCompletionSource _pumpExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int? _threadNice;
    private Thread? _pumpThread;

    /// <summary>
    /// Rings the doorbell: something may be ready to go (new input, an attempt ended, the health view changed, a
    /// timer). The first caller to find the pump idle wakes the pump thread; a caller that finds it running only
    /// marks it to run once more. Either way the caller goes straight back to its own work.
    /// </summary>
    public void Ring()
    {
        while (true)
        {
            switch (Volatile.Read(ref _pumpState))
            {
                case PumpIdle when Interlocked.CompareExchange(ref _pumpState, PumpRunning, PumpIdle) == PumpIdle:
                    _doorbell.Set();
                    return;
                case PumpRunning when Interlocked.CompareExchange(ref _pumpState, PumpRungAgain, PumpRunning) == PumpRunning:
                case PumpRungAgain or PumpStopped or PumpNotStarted:
                    return;
            }
        }
    }

    private void StartPumpThread()
    {
        _pumpExited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pumpThread = new Thread(PumpLoop) { IsBackground = true, Name = "payrelay-dispatch" };
        _pumpThread.Start();
    }

    /// <summary>The pump thread: sleeps until rung, runs the pump until it is idle again, and ends once stopped.</summary>
    private void PumpLoop()
    {
        if (_threadNice is { } nice && !ThreadNice.TrySet(nice, out var error))
        {
            Log.DispatchNiceFailed(_logger, nice, error);
        }

        try
        {
            while (true)
            {
                _doorbell.WaitOne();
                if (Volatile.Read(ref _pumpState) == PumpStopped)
                {
                    return;
                }

                RunPump();
            }
        }
        finally
        {
            Volatile.Read(ref _pumpExited).TrySetResult();
        }
    }

    /// <summary>Runs the pump until a pass ends with nobody having rung meanwhile; only the pump thread is ever in here.</summary>
    private void RunPump()
    {
        while (true)
        {
            try
            {
                TakeReturned();
                var waitFor = DispatchWhatIsReady();
                if (waitFor is { } delay && _returned.IsEmpty)
                {
                    _wakeTimer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                }
            }
            catch (Exception e)
            {
                // The pump must outlive any surprise; the payments it holds stay where they are.
                Log.PumpFault(_logger, e);
            }

            if (!_returned.IsEmpty)
            {
                continue;
            }

            if (Interlocked.CompareExchange(ref _pumpState, PumpIdle, PumpRunning) == PumpRunning)
            {
                return;
            }

            // Rung while running: go round once more.
            Volatile.Write(ref _pumpState, PumpRunning);
        }
    }

    /// <summary>Waits for a running pass to end, then keeps the pump from ever running again and lets its thread end.</summary>
    private async Task StopPumpAsync()
    {
        while (true)
        {
            var state = Interlocked.CompareExchange(ref _pumpState, PumpStopped, PumpIdle);
            if (state is PumpIdle or PumpStopped or PumpNotStarted)
            {
                Volatile.Write(ref _pumpState, PumpStopped);
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), CancellationToken.None);
        }

        if (_pumpThread is not null)
        {
            _doorbell.Set();
            await Volatile.Read(ref _pumpExited).Task;
        }
    }

    /// <summary>
    /// Moves payments handed back by attempts into the pump's own lists. Every payment is counted somewhere at
    /// every instant (queued, waiting or in flight), so a drain never sees zero while one is between two places.
    /// </summary>
    private void TakeReturned()
    {
        while (true)
        {
            Interlocked.Increment(ref _waiting);
            if (!_returned.TryDequeue(out var payment))
            {
                Interlocked.Decrement(ref _waiting);
                return;
            }

            if (payment.PinnedTo is null)
            {
                _retry.Enqueue(payment);
            }
            else
            {
                _pinned.Add(payment);
            }
        }
    }

    /// <summary>Sends every payment the policy lets go now; returns how long until a held one may go.</summary>
    private TimeSpan? DispatchWhatIsReady()
    {
        var now = _time.GetTimestamp();
        var generation = _store.Generation;
        var views = new[] { _monitors[0].View(), _monitors[1].View() };
        NoteStates(views);
        TimeSpan? waitFor = null;

        for (var i = _pinned.Count - 1; i >= 0; i--)
        {
            var payment = _pinned[i];
            if (payment.Generation != generation)
            {
                _pinned.RemoveAt(i);
                Interlocked.Decrement(ref _waiting);
                continue;
            }

            // What a pinned payment's probe could reveal to an auditor is its stamp, which is younger than its acceptance.
            var stampAge = TimeSpan.FromMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds() - payment.RequestedAt);
            var route = payment is { AskFirst: true, PinnedTo: { } pinned }
                ? _policy.DecideLookup(pinned, views[(int)pinned])
                : _policy.Decide(payment.PinnedTo, stampAge, views[0], views[1]);
            if (route.Target is not { } target)
            {
                waitFor = Min(waitFor, route.WaitFor);
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            _pinned.RemoveAt(i);
            Interlocked.Decrement(ref _waiting);
            Send(payment, target, route.Probe, views);
        }

        while (TryPeekHead(out var payment, out var fromRetry))
        {
            if (payment.Generation == generation)
            {
                var route = _policy.Decide(null, _time.GetElapsedTime(payment.AcceptedAtTimestamp, now), views[0], views[1]);
                if (route.Target is not { } target)
                {
                    return Min(waitFor, route.WaitFor);
                }

                Interlocked.Increment(ref _inFlight);
                TakeHead(fromRetry);
                Send(payment, target, route.Probe, views);
            }
            else
            {
                TakeHead(fromRetry);
            }
        }

        return waitFor;
    }

    private bool TryPeekHead(out PendingPayment payment, out bool fromRetry)
    {
        fromRetry = _retry.TryPeek(out payment!);
        return fromRetry || _intake.Reader.TryPeek(out payment!);
    }

    private void TakeHead(bool fromRetry)
    {
        if (fromRetry)
        {
            _retry.Dequeue();
            Interlocked.Decrement(ref _waiting);
        }
        else
        {
            _intake.Reader.TryRead(out _);
        }
    }

    /// <summary>Starts an attempt (a lookup, for a payment to ask about first); the caller has already counted it in <see cref="InFlight"/>.</summary>
    private void Send(PendingPayment payment, ProcessorKind target, bool probe, ProcessorView[] views)
    {
        var monitor = _monitors[(int)target];
        var attempt = monitor.Start(probe);
        _ = payment.AskFirst && payment.PinnedTo == target ? RunLookupAsync(payment, target, attempt) : RunAttemptAsync(payment, target, attempt);
        views[(int)target] = monitor.View();
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is { } x && x < b ? x : b;
}

namespace PayRelay.Server.Dispatch;

public sealed partial class Dispatcher
{
    /// <summary>
    /// Lets the pump finish what the instance holds, up to the deadline; then stops it, aborts the attempts
    /// still running (their outcome becomes unknown) and returns every payment that is not confirmed, so the
    /// caller can leave them in the store for the next start. Nothing is dropped silently.
    /// </summary>
    public async Task<IReadOnlyList<PendingPayment>> DrainAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        while (Pending + InFlight > 0 && _time.GetElapsedTime(start) < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None);
        }

        await StopPumpAsync();
        await _abortAttempts.CancelAsync();
        var settle = _time.GetTimestamp();
        while (InFlight > 0 && _time.GetElapsedTime(settle) < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, CancellationToken.None);
        }

        return TakeHeld();
    }

    /// <summary>Stops the pump, so nothing more is sent, and takes every payment not in flight (a hand-off).</summary>
    public async Task<List<PendingPayment>> StopSendingAsync()
    {
        await StopPumpAsync();
        return TakeHeld();
    }

    /// <summary>
    /// With the pump stopped: waits for the attempts in flight to end, up to <paramref name="deadline"/>, then aborts
    /// those left (their outcome is unknown and they come back pinned); returns once every attempt has ended.
    /// </summary>
    public async Task SettleInFlightAsync(TimeSpan deadline)
    {
        var start = _time.GetTimestamp();
        while (InFlight > 0 && _time.GetElapsedTime(start) < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, CancellationToken.None);
        }

        await _abortAttempts.CancelAsync();
        var settle = _time.GetTimestamp();
        while (InFlight > 0 && _time.GetElapsedTime(settle) < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, CancellationToken.None);
        }
    }

    /// <summary>Gives back payments the peer could not take and starts the pump again, so this instance works on them itself.</summary>
    public void Restart(IReadOnlyList<PendingPayment> payments)
    {
        foreach (var payment in payments)
        {
            _returned.Enqueue(payment);
        }

        // The stop let the pump's thread end: a new one takes over (a ring alone would leave the pump "running" with
        // no thread, and the drain after it waiting for that pass forever).
        if (Interlocked.CompareExchange(ref _pumpState, PumpIdle, PumpStopped) == PumpStopped)
        {
            StartPumpThread();
        }

        Ring();
    }

    /// <summary>Takes, with the pump stopped, every payment of the current generation that is not in flight.</summary>
    public List<PendingPayment> TakeHeld()
    {
        var generation = _store.Generation;
        var left = new List<PendingPayment>();
        left.AddRange(_intake.TakeRemaining());
        left.AddRange(_retry);
        left.AddRange(_pinned);
        Interlocked.Add(ref _waiting, -(_retry.Count + _pinned.Count));
        _retry.Clear();
        _pinned.Clear();
        while (_returned.TryDequeue(out var payment))
        {
            left.Add(payment);
        }

        return left.FindAll(p => p.Generation == generation);
    }

    /// <summary>Logs one line whenever a processor moves between healthy, slow and failing.</summary>
    private void NoteStates(ProcessorView[] views)
    {
        for (var i = 0; i < views.Length; i++)
        {
            var state = views[i].State(_policy.SafeLatencyMs);
            if (state != _lastStates[i])
            {
                Log.ProcessorStateChanged(_logger, ProcessorKinds.Name((ProcessorKind)i), _lastStates[i], state, views[i].ExpectedLatencyMs, views[i].InFlight);
                _lastStates[i] = state;
            }
        }
    }
}

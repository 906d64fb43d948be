namespace PayRelay.Server.Dispatch;

public sealed partial class Dispatcher
{
    /// <summary>
    /// Lets the pump finish what the instance holds, up to the deadline; then stops it, aborts the attempts
    /// still running (their outcome becomes unknown) and returns every payment that is not confirmed, so the
    /// caller can log each correlationId. Nothing is dropped silently.
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

        var generation = _store.Generation;
        var left = new List<PendingPayment>();
        left.AddRange(_intake.TakeRemaining());
        left.AddRange(_retry);
        left.AddRange(_pinned);
        left.AddRange(_returned);
        _retry.Clear();
        _pinned.Clear();
        _returned.Clear();
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

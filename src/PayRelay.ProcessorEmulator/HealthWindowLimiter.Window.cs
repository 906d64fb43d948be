namespace PayRelay.ProcessorEmulator;

internal sealed partial class HealthWindowLimiter
{
    private static async Task<HealthAdmission> WaitAsync(Waiter waiter)
    {
        try
        {
            await waiter.Task.ConfigureAwait(false);
            return HealthAdmission.Grant;
        }
        finally
        {
            // Disposed outside the limiter's lock: disposal waits for a running callback, which takes that lock.
            await waiter.Registration.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Abandon(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is not null)
            {
                _queue.Remove(waiter.Node);
            }
        }

        waiter.TrySetCanceled(token);
    }

    private void OnWindowEnd()
    {
        Waiter? released = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // The timer marks the boundary even when it fires a hair early, so at least one window passes.
            var now = _time.GetTimestamp();
            RollTo(Math.Max(now, _windowEnd));
            if (_queue.First is { } first)
            {
                _queue.RemoveFirst();
                _windowUsed = true;
                released = first.Value;
                if (_queue.Count > 0)
                {
                    ArmTimer(now);
                }
            }
        }

        released?.TrySetResult();
    }

    private void RollTo(long now)
    {
        if (!_started)
        {
            _started = true;
            _windowEnd = now + _windowLength;
            _windowUsed = false;
            return;
        }

        if (now >= _windowEnd)
        {
            var passed = ((now - _windowEnd) / _windowLength) + 1;
            _windowEnd += passed * _windowLength;
            _windowUsed = false;
        }
    }

    private void ArmTimer(long now)
    {
        _timer ??= _time.CreateTimer(
            static state => ((HealthWindowLimiter)state!).OnWindowEnd(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(TimeLeft(now), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan TimeLeft(long now) => _time.GetElapsedTime(now, _windowEnd);

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}

namespace PayRelay.Testing;

public sealed partial class ManualTimeProvider
{
    /// <summary>The armed timer due first, no later than <paramref name="target"/>; ties go to the one armed first. Called under the lock.</summary>
    private ManualTimer? NextDue(long target)
    {
        ManualTimer? next = null;
        foreach (var timer in _armed)
        {
            if (timer.DueTicks <= target && (next is null || timer.DueTicks < next.DueTicks
                || (timer.DueTicks == next.DueTicks && timer.Arming < next.Arming)))
            {
                next = timer;
            }
        }

        return next;
    }

    /// <summary>Moves a timer that is firing to its next period, or disarms it when it is one-shot. Called under the lock.</summary>
    private void Elapse(ManualTimer timer)
    {
        if (timer.PeriodTicks > 0)
        {
            timer.DueTicks += timer.PeriodTicks;
            timer.Arming = ++_armings;
        }
        else
        {
            _armed.Remove(timer);
        }
    }

    private void Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            // As with System.Threading.Timer, an infinite or zero period means the timer fires once.
            timer.DueTicks = _elapsedTicks + Math.Max(0, dueTime.Ticks);
            timer.PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : Math.Max(0, period.Ticks);
            timer.Arming = ++_armings;
            _armed.Add(timer);
        }
    }

    private void Disarm(ManualTimer timer)
    {
        lock (_gate)
        {
            _armed.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        /// <summary>Elapsed ticks of the clock at which the timer fires next.</summary>
        public long DueTicks { get; set; }

        /// <summary>Ticks between firings; 0 for a one-shot timer.</summary>
        public long PeriodTicks { get; set; }

        /// <summary>When the timer was last armed, in arming order: breaks ties between timers due at the same instant.</summary>
        public long Arming { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Arm(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

namespace PayRelay.Testing;

/// <summary>
/// A virtual clock: time moves only when a test calls <see cref="Advance"/>, which fires the timers that
/// fall due in order of their due time, with the clock set to each timer's due time while its callback
/// runs (a periodic timer fires once for every period that passes). Timestamps count
/// <see cref="TimeSpan"/> ticks, so <see cref="TimestampFrequency"/> is <see cref="TimeSpan.TicksPerSecond"/>.
/// </summary>
public sealed partial class ManualTimeProvider : TimeProvider
{
    /// <summary>Where <see cref="ManualTimeProvider()"/> starts: a fixed instant, so dates in tests repeat from run to run.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 7, 15, 12, 0, 0, TimeSpan.Zero);

    // A real Stopwatch never reads 0 and code under test may take a timestamp of 0 for "never",
    // so the first reading is 100 s worth of ticks rather than 0.
    private const long FirstTimestamp = 100 * TimeSpan.TicksPerSecond;

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _armed = [];
    private readonly DateTimeOffset _start;
    private long _elapsedTicks;
    private long _armings;

    /// <summary>A clock that starts at <see cref="DefaultStart"/>.</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>A clock whose <see cref="GetUtcNow"/> starts at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start) => _start = start;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>
    /// Timers that are armed: created with a finite due time (or changed to one) and neither fired
    /// (when one-shot), disarmed nor disposed since. A pending <c>Task.Delay</c> on this clock counts as one.
    /// </summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _start.AddTicks(_elapsedTicks);
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return FirstTimestamp + _elapsedTicks;
        }
    }

    /// <summary>
    /// Moves time forward by <paramref name="by"/>, firing each timer that falls due on the way, earliest first
    /// (timers due at the same instant in the order they were armed). Callbacks run on the caller's thread,
    /// outside the clock's lock, so they may read the clock and arm or change timers; a timer a callback arms
    /// fires within this call too if it falls due before its end.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_gate)
        {
            target = _elapsedTicks + by.Ticks;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = NextDue(target);
                if (next is null)
                {
                    _elapsedTicks = Math.Max(_elapsedTicks, target);
                    return;
                }

                _elapsedTicks = Math.Max(_elapsedTicks, next.DueTicks);
                Elapse(next);
            }

            next.Fire();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }
}

namespace PayRelay.Bench.Run;

/// <summary>The test's own timeline: time since the load started, on the run's <see cref="TimeProvider"/>.</summary>
public sealed class LoadClock(TimeProvider time)
{
    private long _start = time.GetTimestamp();

    public TimeProvider Time { get; } = time;

    public DateTimeOffset StartedAt { get; private set; } = time.GetUtcNow();

    public TimeSpan Elapsed => Time.GetElapsedTime(_start);

    /// <summary>Sets the origin to now.</summary>
    public void Start()
    {
        _start = Time.GetTimestamp();
        StartedAt = Time.GetUtcNow();
    }

    /// <summary>Waits until <paramref name="offset"/> on the timeline (at once if it has passed).</summary>
    public Task WaitUntilAsync(TimeSpan offset, CancellationToken cancellationToken)
    {
        var wait = offset - Elapsed;
        return wait > TimeSpan.Zero ? Task.Delay(wait, Time, cancellationToken) : Task.CompletedTask;
    }
}

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// Lets one log line through per interval and counts the ones it holds back, so the next line can say how many there
/// were. Lock-free: threads that lose the race to write the line count themselves as held back.
/// </summary>
internal sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly long _intervalTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
    private long _next = long.MinValue;
    private long _suppressed;

    /// <summary>True when this event gets its line; <paramref name="suppressed"/> is then how many were held back before it.</summary>
    public bool TryPass(out long suppressed)
    {
        var now = time.GetTimestamp();
        var next = Volatile.Read(ref _next);
        if (now >= next && Interlocked.CompareExchange(ref _next, now + _intervalTicks, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}

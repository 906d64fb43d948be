namespace PayRelay.Bench.Scenarios;

/// <summary>
/// When each virtual user starts: the count ramps linearly from 1 to the maximum over the duration,
/// one user joining each time the linear target passes the next whole number (k6 ramping-vus).
/// </summary>
public static class RampSchedule
{
    /// <summary>The start offset of user <paramref name="index"/> (0-based) among <paramref name="maxUsers"/>.</summary>
    public static TimeSpan StartOf(int index, int maxUsers, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, maxUsers);
        if (index == 0 || maxUsers == 1)
        {
            return TimeSpan.Zero;
        }

        // Rounded up, so the user starts no earlier than the moment the linear target reaches it.
        var divisor = maxUsers - 1L;
        return TimeSpan.FromTicks(((duration.Ticks * index) + divisor - 1) / divisor);
    }

    /// <summary>How many users are active at <paramref name="elapsed"/>.</summary>
    public static int ActiveAt(TimeSpan elapsed, int maxUsers, TimeSpan duration)
    {
        if (elapsed >= duration)
        {
            return maxUsers;
        }

        if (elapsed <= TimeSpan.Zero || maxUsers == 1)
        {
            return 1;
        }

        return 1 + (int)(elapsed.Ticks * (maxUsers - 1) / duration.Ticks);
    }
}

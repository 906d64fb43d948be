namespace PayRelay.Bench.Up;

/// <summary>
/// How long a crashed service waits before it starts again: 1 s, then twice as long after each crash in a row, at
/// most 30 s. A service that ran for 10 s before it crashed is not in a loop, and starts the count again (Docker's
/// restart policy counts the same way).
/// </summary>
public static class RestartBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    /// <summary>A run at least this long ends a crash loop.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the restart that follows <paramref name="crashesInARow"/> earlier crashes in a row (0: the first crash).</summary>
    public static TimeSpan Delay(int crashesInARow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(crashesInARow);
        return crashesInARow >= 5 ? Cap : TimeSpan.FromTicks(Math.Min(First.Ticks << crashesInARow, Cap.Ticks));
    }
}

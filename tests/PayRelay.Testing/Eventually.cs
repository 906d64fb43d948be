using System.Diagnostics;
using Xunit;

namespace PayRelay.Testing;

/// <summary>
/// Explicit waits with deadlines instead of sleeping and hoping: poll a condition until it holds, or await
/// a task, and fail the test saying what never happened when the deadline (real time) passes first.
/// </summary>
public static class Eventually
{
    /// <summary>The deadline of a wait that names none: generous, as only a test that is failing waits it out.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    // Soon enough after a condition starts to hold, seldom enough that a condition which makes a request
    // does not load the system under test.
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> when the deadline passes first.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return HoldsAsync(() => Task.FromResult(condition()), what, deadline);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> when the deadline passes first.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        if (!await TryHoldsAsync(condition, limit))
        {
            Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting until {what}.");
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds: true once it does, false when the deadline passes first.
    /// The condition is asked once at once and then every 20 ms, so a condition that counts its calls can ask
    /// for a state seen several times in a row.
    /// </summary>
    public static async Task<bool> TryHoldsAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(start) > deadline)
            {
                return false;
            }

            await Task.Delay(PollEvery);
        }
    }

    /// <summary>Awaits <paramref name="task"/>, which must finish before the deadline; fails the test with <paramref name="what"/> otherwise.</summary>
    public static async Task WithinDeadline(this Task task, string what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = deadline ?? Deadline;
        using var expiry = new CancellationTokenSource();
        var finished = await Task.WhenAny(task, Task.Delay(limit, expiry.Token));
        await expiry.CancelAsync();
        if (!ReferenceEquals(finished, task))
        {
            Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}.");
        }

        await task;
    }

    /// <summary>Awaits <paramref name="task"/>, which must finish before the deadline, and answers its result; fails the test with <paramref name="what"/> otherwise.</summary>
    public static async Task<T> WithinDeadline<T>(this Task<T> task, string what, TimeSpan? deadline = null)
    {
        await WithinDeadline((Task)task, what, deadline);
        return await task;
    }
}

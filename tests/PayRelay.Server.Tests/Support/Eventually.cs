using System.Diagnostics;

namespace PayRelay.Server.Tests.Support;

/// <summary>Explicit waits with deadlines: poll a condition until it holds, fail (or report false) when the deadline passes.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        if (!await TryUntilAsync(condition, deadline))
        {
            Assert.Fail($"Timed out after {deadline.TotalSeconds:0.#} s waiting until {what}.");
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        UntilAsync(() => Task.FromResult(condition()), deadline, what);

    /// <summary>Waits until <paramref name="condition"/> holds; false when the deadline passes first.</summary>
    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
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

    /// <summary>Awaits a task that must finish before the deadline.</summary>
    public static async Task WithinAsync(Task task, TimeSpan deadline, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(deadline));
        Assert.True(ReferenceEquals(finished, task), $"Timed out after {deadline.TotalSeconds:0.#} s waiting for {what}.");
        await task;
    }
}

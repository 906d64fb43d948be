namespace PayRelay.ProcessorEmulator.Tests.Support;

/// <summary>Explicit waits with deadlines: poll a condition until it holds, fail when the deadline passes.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Awaits a task that must finish before the deadline.</summary>
    public static async Task<T> WithinDeadline<T>(this Task<T> task, string what, TimeSpan? deadline = null)
    {
        var finished = await Task.WhenAny(task, Task.Delay(deadline ?? Deadline));
        Assert.True(ReferenceEquals(finished, task), $"Timed out waiting for {what}.");
        return await task;
    }
}

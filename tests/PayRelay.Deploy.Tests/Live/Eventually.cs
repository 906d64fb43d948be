namespace PayRelay.Deploy.Tests.Live;

/// <summary>Polls a condition until it holds or a deadline passes: no sleep-and-hope.</summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {Deadline.TotalSeconds} s: {failure}");
            await Task.Delay(50);
        }
    }
}

namespace PayRelay.Bench.Tests.Support;

/// <summary>Explicit waits with a deadline: poll a condition until it holds, or fail saying what never happened.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"never happened: {what}");
            }

            await Task.Delay(10);
        }
    }
}

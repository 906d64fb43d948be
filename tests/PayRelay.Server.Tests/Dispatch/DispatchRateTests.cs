using PayRelay.Server.Dispatch;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

public class DispatchRateTests
{
    [Fact]
    public void TryTake_BurstBeyondATenthOfASecond_IsRefusedWithTheWaitForTheNextToken()
    {
        var clock = new ManualTimeProvider();
        var rate = new DispatchRate(1000, clock);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(rate.TryTake(out _));
        }

        Assert.False(rate.TryTake(out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(1), wait);
    }

    [Fact]
    public void TryTake_OverOneSecond_AllowsTheConfiguredRate()
    {
        var clock = new ManualTimeProvider();
        var rate = new DispatchRate(1000, clock);
        var taken = 0;
        for (var ms = 0; ms < 1000; ms++)
        {
            while (rate.TryTake(out _))
            {
                taken++;
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        // The initial bucket of 100 plus one token per millisecond.
        Assert.InRange(taken, 1099, 1100);
    }
}

using PayRelay.Server.Http.Wire;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Http.Wire;

public sealed class LogThrottleTests
{
    [Fact]
    public void TryPass_ManyEventsInASecond_OneLineThenTheNextCountsTheRest()
    {
        var time = new ManualTimeProvider();
        var throttle = new LogThrottle(time, TimeSpan.FromSeconds(1));

        Assert.True(throttle.TryPass(out var first));
        var passed = Enumerable.Range(0, 99).Count(i => throttle.TryPass(out _));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(throttle.TryPass(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(throttle.TryPass(out var next));
        Assert.Equal(0, first);
        Assert.Equal(0, passed);
        Assert.Equal(100, next);
    }
}

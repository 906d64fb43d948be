using PayRelay.Server.Dispatch;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

public class ConcurrencyLimiterTests
{
    private readonly ManualTimeProvider _clock = new();

    private ConcurrencyLimiter Limiter(int max = 100, int slowStartMs = 0) => new(max, TimeSpan.FromMilliseconds(slowStartMs), _clock);

    /// <summary>One attempt answered after <paramref name="latencyMs"/>, with the limit fully used unless told otherwise.</summary>
    private void Answer(ConcurrencyLimiter limiter, double latencyMs, int? inFlight = null)
    {
        var started = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(latencyMs));
        limiter.OnAnswer(started, _clock.GetTimestamp(), inFlight ?? limiter.Limit);
    }

    [Fact]
    public void Limit_BeforeAnyAnswer_IsTheInitialLimit()
    {
        Assert.Equal(ConcurrencyLimiter.InitialLimit, Limiter().Limit);
        Assert.Equal(2, Limiter(max: 2).Limit);
    }

    [Fact]
    public void OnAnswer_LatencyHoldsAtTheNoLoadLevel_LimitGrows()
    {
        var limiter = Limiter();

        for (var i = 0; i < 10; i++)
        {
            Answer(limiter, 10);
        }

        // Before the first cut, one more per good answer: doubling per round trip.
        Assert.Equal(ConcurrencyLimiter.InitialLimit + 10, limiter.Limit);
    }

    [Fact]
    public void OnAnswer_LimitNotUsed_DoesNotGrow()
    {
        var limiter = Limiter();

        for (var i = 0; i < 20; i++)
        {
            Answer(limiter, 10, inFlight: 1);
        }

        Assert.Equal(ConcurrencyLimiter.InitialLimit, limiter.Limit);
    }

    [Fact]
    public void OnAnswer_LatencyRisesPastTwiceTheNoLoadLevel_LimitShrinksInProportion()
    {
        var limiter = Limiter();
        for (var i = 0; i < 16; i++)
        {
            Answer(limiter, 10);
        }

        Assert.Equal(20, limiter.Limit);

        // Target 2 × 10 + 2 = 22 ms; an answer in 27.5 ms cuts to 22 / 27.5 = 80 %.
        Answer(limiter, 27.5);

        Assert.Equal(16, limiter.Limit);
    }

    [Fact]
    public void OnAnswer_LatencyFarAboveTheTarget_CutsAtMostByHalf()
    {
        var limiter = Limiter();
        for (var i = 0; i < 16; i++)
        {
            Answer(limiter, 10);
        }

        Answer(limiter, 1000);

        Assert.Equal(10, limiter.Limit);
    }

    [Fact]
    public void OnAnswer_SlowAnswersToAttemptsSentBeforeTheCut_CutOnlyOnce()
    {
        var limiter = Limiter();
        for (var i = 0; i < 16; i++)
        {
            Answer(limiter, 10);
        }

        // Three attempts sent together; all come back slow, but only the first answer speaks for the current limit.
        var sent = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        limiter.OnAnswer(sent, _clock.GetTimestamp(), 20);
        limiter.OnAnswer(sent, _clock.GetTimestamp(), 19);
        limiter.OnDrop(sent, _clock.GetTimestamp());

        Assert.Equal(10, limiter.Limit);

        // An attempt sent after the cut that is still slow cuts again.
        Answer(limiter, 200);
        Assert.Equal(5, limiter.Limit);
    }

    [Fact]
    public void OnAnswer_AfterACut_GrowsBySquareRootPerRoundTrip()
    {
        var limiter = Limiter();
        for (var i = 0; i < 12; i++)
        {
            Answer(limiter, 10);
        }

        Answer(limiter, 1000);
        Assert.Equal(8, limiter.Limit);

        // Eight good answers (one round trip at a limit of 8) add about √8 ≈ 2.8, not another 8.
        for (var i = 0; i < 8; i++)
        {
            Answer(limiter, 10);
        }

        Assert.Equal(10, limiter.Limit);
    }

    [Fact]
    public void OnDrop_TimeoutOr5xx_HalvesTheLimit()
    {
        var limiter = Limiter();
        for (var i = 0; i < 16; i++)
        {
            Answer(limiter, 10);
        }

        var sent = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        limiter.OnDrop(sent, _clock.GetTimestamp());

        Assert.Equal(10, limiter.Limit);
    }

    [Fact]
    public void Limit_StaysWithinOneAndTheCeiling()
    {
        var limiter = Limiter(max: 8);
        for (var i = 0; i < 50; i++)
        {
            Answer(limiter, 10);
        }

        Assert.Equal(8, limiter.Limit);

        for (var i = 0; i < 50; i++)
        {
            var sent = _clock.GetTimestamp();
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            limiter.OnDrop(sent, _clock.GetTimestamp());
        }

        // 1, never 0: a processor that is slow or failing keeps getting attempts, so the limit can learn it again.
        Assert.Equal(1, limiter.Limit);
    }

    [Fact]
    public void OnAnswer_ProcessorSlowerForGood_RelearnsTheNoLoadLatencyAndGrowsAgain()
    {
        var limiter = Limiter();
        for (var i = 0; i < 16; i++)
        {
            Answer(limiter, 10);
        }

        Assert.Equal(10, limiter.NoLoadLatencyMs);

        // The processor's delay jumps to 400 ms and stays: cuts down to 1 while the old floor is in the window...
        var jumped = _clock.GetTimestamp();
        var lowest = limiter.Limit;
        while (limiter.NoLoadLatencyMs < 400)
        {
            Answer(limiter, 400);
            lowest = Math.Min(lowest, limiter.Limit);
        }

        Assert.Equal(1, lowest);
        // Within the window, give or take the answer that lands on the turn of a half.
        var relearnedAfter = _clock.GetElapsedTime(jumped);
        Assert.True(relearnedAfter <= ConcurrencyLimiter.NoLoadWindow + TimeSpan.FromMilliseconds(400), $"relearned after {relearnedAfter}");

        // ...then, judged against the new floor, it doubles per round trip again, as a new connection would.
        for (var i = 0; i < 30; i++)
        {
            Answer(limiter, 400);
        }

        Assert.True(limiter.Limit >= 30, $"limit {limiter.Limit}");
    }

    [Fact]
    public void Recovered_RestartsFromOneAndRampsGeometricallyToTheCeilingOverTheWindow()
    {
        var limiter = Limiter(max: 256, slowStartMs: 5000);
        for (var i = 0; i < 300; i++)
        {
            Answer(limiter, 1);
        }

        Assert.Equal(256, limiter.Limit);

        limiter.Recovered(_clock.GetTimestamp());
        Assert.Equal(1, limiter.Limit);

        // Good answers at full use would double the limit per round trip; the ramp holds it to 256^(t / 5 s).
        var start = _clock.GetTimestamp();
        while (_clock.GetElapsedTime(start) < TimeSpan.FromMilliseconds(2501))
        {
            Answer(limiter, 1);
        }

        Assert.Equal(16, limiter.Limit);

        while (_clock.GetElapsedTime(start) < TimeSpan.FromMilliseconds(4376))
        {
            Answer(limiter, 1);
        }

        Assert.Equal(128, limiter.Limit);

        while (_clock.GetElapsedTime(start) < TimeSpan.FromMilliseconds(5001))
        {
            Answer(limiter, 1);
        }

        Assert.Equal(256, limiter.Limit);
    }

    [Fact]
    public void Recovered_WithoutSlowStart_StillRestartsFromOneButGrowsFreely()
    {
        var limiter = Limiter(max: 64, slowStartMs: 0);
        for (var i = 0; i < 100; i++)
        {
            Answer(limiter, 1);
        }

        limiter.Recovered(_clock.GetTimestamp());
        Assert.Equal(1, limiter.Limit);

        for (var i = 0; i < 10; i++)
        {
            Answer(limiter, 1);
        }

        Assert.Equal(11, limiter.Limit);
    }
}

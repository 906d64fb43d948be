using PayRelay.Server.Dispatch;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

public class ConcurrencyLimiterTests
{
    private readonly ManualTimeProvider _clock = new();

    // The arithmetic below starts from 4.
    private ConcurrencyLimiter Limiter(int max = 100, int slowStartMs = 0) => new(max, TimeSpan.FromMilliseconds(slowStartMs), _clock, initialLimit: 4);

    /// <summary>
    /// One round trip: <paramref name="count"/> attempts (the limit unless told) sent at once and answered after
    /// <paramref name="latencyMs"/>, then one sent after the first answer, which closes the round.
    /// </summary>
    private void Round(ConcurrencyLimiter limiter, double latencyMs, int? count = null, int? inFlight = null)
    {
        var n = count ?? limiter.Limit;
        var sent = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(latencyMs));
        for (var i = 0; i < n; i++)
        {
            limiter.OnAnswer(sent, _clock.GetTimestamp(), inFlight ?? n - i);
        }

        var closing = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(latencyMs));
        limiter.OnAnswer(closing, _clock.GetTimestamp(), inFlight ?? 1);
    }

    private void Drop(ConcurrencyLimiter limiter)
    {
        var sent = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        limiter.OnDrop(sent, _clock.GetTimestamp());
    }

    [Fact]
    public void Limit_BeforeAnyAnswer_IsTheInitialLimit()
    {
        Assert.Equal(ConcurrencyLimiter.InitialLimit, new ConcurrencyLimiter(100, TimeSpan.Zero, _clock).Limit);
        Assert.Equal(2, new ConcurrencyLimiter(2, TimeSpan.Zero, _clock).Limit);
    }

    [Fact]
    public void Round_LatencyHoldsAtTheNoLoadLevel_LimitDoublesPerRoundTrip()
    {
        var limiter = Limiter();

        Round(limiter, 10);
        Assert.Equal(8, limiter.Limit);
        Round(limiter, 10);
        Round(limiter, 10);

        Assert.Equal(32, limiter.Limit);
    }

    [Fact]
    public void Round_LimitNotUsed_DoesNotGrow()
    {
        var limiter = Limiter();

        for (var i = 0; i < 10; i++)
        {
            Round(limiter, 10, count: 1, inFlight: 1);
        }

        Assert.Equal(4, limiter.Limit);
    }

    [Fact]
    public void Round_ManyAttemptsWaitingWithALargerBeta_HoldsWhereTheDefaultCuts()
    {
        var limiter = new ConcurrencyLimiter(100, TimeSpan.Zero, _clock, beta: 12, initialLimit: 4);
        Round(limiter, 10);
        Round(limiter, 10);

        // 12 waiting against β = 12 × log10 16 = 14.4 (α 7.2): hold.
        Round(limiter, 40);

        Assert.Equal(16, limiter.Limit);
    }

    [Fact]
    public void Round_AFewAttemptsWaiting_HoldsTheLimit()
    {
        var limiter = Limiter();
        Round(limiter, 10);
        Round(limiter, 10);
        Assert.Equal(16, limiter.Limit);

        // 16 × (1 − 10 / 13.5) = 4.1 waiting: between α and β (× log10 16 = 1.2: 3.6 and 7.2).
        Round(limiter, 13.5);

        Assert.Equal(16, limiter.Limit);
    }

    [Fact]
    public void Round_ManyAttemptsWaiting_CutsTheLimitToWhereBetaWouldWait()
    {
        var limiter = Limiter();
        Round(limiter, 10);
        Round(limiter, 10);

        // 16 × (1 − 10 / 40) = 12 waiting against β = 6 × log10 16 = 7.2: cut to 16 × 7.2 / 12 = 9.6.
        Round(limiter, 40);

        Assert.Equal(9, limiter.Limit);
    }

    [Fact]
    public void Round_LatencyFarAboveTheTarget_CutsAtMostByHalf()
    {
        var limiter = Limiter();
        Round(limiter, 10);
        Round(limiter, 10);

        Round(limiter, 1000);

        Assert.Equal(8, limiter.Limit);
    }

    [Fact]
    public void Round_OneFastAnswerAmongSlowOnes_IsNoQueueAndDoesNotCut()
    {
        var limiter = Limiter();
        Round(limiter, 10);
        Round(limiter, 10);

        // A stall of the machine delays most answers of a round, but one came back at the no-load latency: nothing queues.
        var sent = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        limiter.OnAnswer(sent, _clock.GetTimestamp(), 16);
        _clock.Advance(TimeSpan.FromMilliseconds(190));
        for (var i = 0; i < 15; i++)
        {
            limiter.OnAnswer(sent, _clock.GetTimestamp(), 15 - i);
        }

        var closing = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        limiter.OnAnswer(closing, _clock.GetTimestamp(), 1);

        Assert.Equal(32, limiter.Limit);
    }

    [Fact]
    public void OnDrop_TimeoutOr5xx_HalvesTheLimitOncePerRound()
    {
        var limiter = Limiter();
        Round(limiter, 10);
        Round(limiter, 10);

        // Three attempts sent together all fail: the first outcome halves the limit, the others spoke for the old one.
        var sent = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        limiter.OnDrop(sent, _clock.GetTimestamp());
        limiter.OnDrop(sent, _clock.GetTimestamp());
        limiter.OnAnswer(sent, _clock.GetTimestamp(), 1);
        Assert.Equal(8, limiter.Limit);

        // An attempt sent after the cut that fails again cuts again.
        Drop(limiter);
        Assert.Equal(4, limiter.Limit);
    }

    [Fact]
    public void Round_AfterACut_GrowsBySquareRootPerRoundTrip()
    {
        var limiter = Limiter();
        Round(limiter, 10);
        Round(limiter, 10);
        Round(limiter, 1000);
        Assert.Equal(8, limiter.Limit);

        // 8 + √8 = 10.8, then + √10.8 = 14.1: not doubling any more.
        Round(limiter, 10);
        Assert.Equal(10, limiter.Limit);
        Round(limiter, 10);
        Assert.Equal(14, limiter.Limit);
    }

    [Fact]
    public void Limit_StaysWithinOneAndTheCeiling()
    {
        var limiter = Limiter(max: 8);
        for (var i = 0; i < 10; i++)
        {
            Round(limiter, 10);
        }

        Assert.Equal(8, limiter.Limit);

        for (var i = 0; i < 50; i++)
        {
            Drop(limiter);
        }

        // 1, never 0: a processor that is slow or failing keeps getting attempts, so the limit can learn it again.
        Assert.Equal(1, limiter.Limit);
    }

    [Fact]
    public void Round_ProcessorSlowerForGood_RelearnsTheNoLoadLatencyAndGrowsAgain()
    {
        var limiter = Limiter();
        Round(limiter, 10);
        Round(limiter, 10);
        Assert.Equal(10, limiter.NoLoadLatencyMs);

        // The processor's delay jumps to 400 ms and stays: while the old floor is in the window nearly every attempt counts
        // as waiting, and the limit is cut to about β; never lower, so the backlog still moves...
        var jumped = _clock.GetTimestamp();
        var lowest = limiter.Limit;
        while (limiter.NoLoadLatencyMs < 400)
        {
            Round(limiter, 400);
            lowest = Math.Min(lowest, limiter.Limit);
        }

        Assert.InRange(lowest, (int)ConcurrencyLimiter.DefaultBeta, (int)ConcurrencyLimiter.DefaultBeta + 1);
        // Within the window, give or take the round (800 ms) that lands on the turn of a half.
        var relearnedAfter = _clock.GetElapsedTime(jumped);
        Assert.True(relearnedAfter <= ConcurrencyLimiter.NoLoadWindow + TimeSpan.FromMilliseconds(800), $"relearned after {relearnedAfter}");

        // ...then, judged against the new floor, it doubles per round trip again, as a new connection would.
        for (var i = 0; i < 6; i++)
        {
            Round(limiter, 400);
        }

        Assert.True(limiter.Limit >= 32, $"limit {limiter.Limit}");
    }

    [Fact]
    public void Recovered_RestartsFromOneAndRampsGeometricallyToTheCeilingOverTheWindow()
    {
        var limiter = Limiter(max: 256, slowStartMs: 5000);
        for (var i = 0; i < 10; i++)
        {
            Round(limiter, 1);
        }

        Assert.Equal(256, limiter.Limit);

        limiter.Recovered(_clock.GetTimestamp());
        Assert.Equal(1, limiter.Limit);

        // Good rounds at full use would double the limit each; the ramp holds it to 256^(t / 5 s).
        var start = _clock.GetTimestamp();
        while (_clock.GetElapsedTime(start) < TimeSpan.FromMilliseconds(2501))
        {
            Round(limiter, 1);
        }

        Assert.Equal(16, limiter.Limit);

        while (_clock.GetElapsedTime(start) < TimeSpan.FromMilliseconds(4376))
        {
            Round(limiter, 1);
        }

        Assert.Equal(128, limiter.Limit);

        while (_clock.GetElapsedTime(start) < TimeSpan.FromMilliseconds(5001))
        {
            Round(limiter, 1);
        }

        Assert.Equal(256, limiter.Limit);
    }

    [Fact]
    public void Recovered_WithoutSlowStart_StillRestartsFromOneButDoublesFreely()
    {
        var limiter = Limiter(max: 64, slowStartMs: 0);
        for (var i = 0; i < 10; i++)
        {
            Round(limiter, 1);
        }

        limiter.Recovered(_clock.GetTimestamp());
        Assert.Equal(1, limiter.Limit);

        for (var i = 0; i < 4; i++)
        {
            Round(limiter, 1);
        }

        Assert.Equal(16, limiter.Limit);
    }
}

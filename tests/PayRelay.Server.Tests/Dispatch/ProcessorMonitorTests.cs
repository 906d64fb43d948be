using PayRelay.Server.Dispatch;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

public class ProcessorMonitorTests
{
    private const long SafeMs = 1200;
    private readonly ManualTimeProvider _clock = new();

    private ProcessorMonitor Monitor(int maxInFlight = 10) => new(ProcessorKind.Default, _clock, maxInFlight, TimeSpan.FromMilliseconds(250));

    [Fact]
    public void View_ThreeConsecutiveFailures_IsFailing()
    {
        var monitor = Monitor();
        monitor.Failed(monitor.Start(false), timedOut: false);
        monitor.Failed(monitor.Start(false), timedOut: false);
        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));

        monitor.Failed(monitor.Start(false), timedOut: false);

        Assert.Equal(ProcessorState.Failing, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_SuccessAfterFailing_IsHealthyAgain()
    {
        var monitor = Monitor();
        for (var i = 0; i < 3; i++)
        {
            monitor.Failed(monitor.Start(false), timedOut: false);
        }

        var probe = monitor.Start(probe: true);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        monitor.Succeeded(probe);

        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_FailedProbe_IsFailingAtOnce()
    {
        var monitor = Monitor();

        monitor.Failed(monitor.Start(probe: true), timedOut: false);

        Assert.True(monitor.View().Failing);
    }

    [Fact]
    public void View_AttemptRunningLongerThanSafeLatency_IsSlowBeforeItAnswers()
    {
        var monitor = Monitor();
        monitor.Start(false);

        _clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(ProcessorState.Slow, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_HealthReportNewerThanLastSuccess_SaysFailing()
    {
        var monitor = Monitor();
        var attempt = monitor.Start(false);
        monitor.Succeeded(attempt);
        _clock.Advance(TimeSpan.FromSeconds(1));

        monitor.Observe(new HealthReport(Failing: true, MinResponseTimeMs: 0, ObservedAt: _clock.GetTimestamp()));

        Assert.True(monitor.View().Failing);
    }

    [Fact]
    public void View_HealthReportOlderThanLastSuccess_IsOverruledByTheCall()
    {
        var monitor = Monitor();
        monitor.Observe(new HealthReport(Failing: true, MinResponseTimeMs: 5000, ObservedAt: _clock.GetTimestamp()));
        _clock.Advance(TimeSpan.FromSeconds(1));

        monitor.Succeeded(monitor.Start(false));

        var view = monitor.View();
        Assert.False(view.Failing);
        Assert.True(view.ExpectedLatencyMs < SafeMs);
    }

    [Fact]
    public void View_InFlightAtBound_HasNoCapacity()
    {
        var monitor = Monitor(maxInFlight: 2);
        monitor.Start(false);
        var second = monitor.Start(false);
        Assert.False(monitor.View().HasCapacity);

        monitor.Ended(second);

        Assert.True(monitor.View().HasCapacity);
    }

    [Fact]
    public void View_ProbeRunningOnASlowProcessor_NoOtherProbeDueUntilItEnds()
    {
        var monitor = Monitor();
        var probe = monitor.Start(probe: true);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(monitor.View().Failing);
        Assert.False(monitor.View().ProbeDue);

        monitor.Failed(probe, timedOut: false);
        Assert.True(monitor.View().ProbeDue);
    }

    [Fact]
    public void View_FailingProcessor_AllowsAFreshProbeEachIntervalUpToFourAtOnce()
    {
        var monitor = Monitor(maxInFlight: 100);
        monitor.Failed(monitor.Start(probe: true), timedOut: false);
        Assert.True(monitor.View().Failing);

        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            Assert.True(monitor.View().ProbeDue);
            monitor.Start(probe: true);
            Assert.False(monitor.View().ProbeDue);
        }

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.False(monitor.View().ProbeDue);
    }

    [Fact]
    public void View_SuccessLatency_IsRemembered()
    {
        var monitor = Monitor();
        var attempt = monitor.Start(false);
        _clock.Advance(TimeSpan.FromMilliseconds(2000));
        monitor.Succeeded(attempt);

        Assert.Equal(ProcessorState.Slow, monitor.View().State(SafeMs));
        Assert.Equal(2000, monitor.View().ExpectedLatencyMs);
    }

    [Fact]
    public void View_AnswerOverdueFourTimesTheUsualLatency_IsSuspectWellBeforeSafeLatency()
    {
        var monitor = Monitor();
        var first = monitor.Start(false);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        monitor.Succeeded(first);
        monitor.Start(false);

        _clock.Advance(TimeSpan.FromMilliseconds(399));
        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));

        _clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(ProcessorState.Suspect, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_FastProcessorWithAShortHiccup_IsNotSuspectBelowTheFloor()
    {
        var monitor = Monitor();
        monitor.Succeeded(monitor.Start(false));
        monitor.Start(false);

        _clock.Advance(TimeSpan.FromMilliseconds(150));

        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_SlowerButSafeProcessorAnswering_IsHealthyAgain()
    {
        var monitor = Monitor();
        monitor.Succeeded(monitor.Start(false));
        var slower = monitor.Start(false);
        _clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(ProcessorState.Suspect, monitor.View().State(SafeMs));

        monitor.Succeeded(slower);

        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_ProbesStuckInTheOutagesDelay_NeitherMakeTheRecoveredProcessorSuspectNorFailingAgain()
    {
        var monitor = Monitor(maxInFlight: 100);
        monitor.Failed(monitor.Start(probe: true), timedOut: false);
        var stuck = new List<ProcessorMonitor.Attempt>();
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            stuck.Add(monitor.Start(probe: true));
        }

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        var recovery = monitor.Start(probe: true);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        monitor.Succeeded(recovery);
        _clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));

        foreach (var probe in stuck)
        {
            monitor.Failed(probe, timedOut: false);
        }

        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_FailuresOfAttemptsSentAfterTheLastSuccess_StillCount()
    {
        var monitor = Monitor();
        monitor.Succeeded(monitor.Start(false));
        _clock.Advance(TimeSpan.FromMilliseconds(10));

        for (var i = 0; i < 3; i++)
        {
            monitor.Failed(monitor.Start(false), timedOut: false);
        }

        Assert.Equal(ProcessorState.Failing, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_FailingAfterADelay_ExpectsThatDelay()
    {
        var monitor = Monitor();
        var probe = monitor.Start(probe: true);
        _clock.Advance(TimeSpan.FromMilliseconds(2000));

        monitor.Failed(probe, timedOut: false);

        var view = monitor.View();
        Assert.True(view.Failing);
        Assert.Equal(2000, view.ExpectedLatencyMs);
    }

    [Fact]
    public void View_HealthPollNewerThanTheLastFailure_ShowsTheRecovery()
    {
        var monitor = Monitor();
        var probe = monitor.Start(probe: true);
        _clock.Advance(TimeSpan.FromMilliseconds(5000));
        monitor.Failed(probe, timedOut: false);
        _clock.Advance(TimeSpan.FromSeconds(1));

        monitor.Observe(new HealthReport(Failing: false, MinResponseTimeMs: 20, ObservedAt: _clock.GetTimestamp()));

        var view = monitor.View();
        Assert.Equal(ProcessorState.Healthy, view.State(SafeMs));
        Assert.Equal(20, view.ExpectedLatencyMs);
    }

    [Fact]
    public void View_HealthPollNewerThanASlowAnswer_ShowsTheProcessorFastAgain()
    {
        var monitor = Monitor();
        var attempt = monitor.Start(false);
        _clock.Advance(TimeSpan.FromMilliseconds(2000));
        monitor.Succeeded(attempt);
        Assert.Equal(ProcessorState.Slow, monitor.View().State(SafeMs));

        _clock.Advance(TimeSpan.FromMilliseconds(10));
        monitor.Observe(new HealthReport(Failing: false, MinResponseTimeMs: 0, ObservedAt: _clock.GetTimestamp()));

        Assert.Equal(ProcessorState.Healthy, monitor.View().State(SafeMs));
    }

    [Fact]
    public void View_HealthAge_CountsFromTheLatestPollResult()
    {
        var monitor = Monitor();
        Assert.Equal(long.MaxValue, monitor.View().HealthAgeMs);

        monitor.Observe(new HealthReport(Failing: false, MinResponseTimeMs: 0, ObservedAt: _clock.GetTimestamp()));
        _clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(1500, monitor.View().HealthAgeMs);
    }

    [Fact]
    public void View_WithALimiter_RegularAttemptsAreBoundedByItsLimitAndProbesAreNot()
    {
        var monitor = new ProcessorMonitor(ProcessorKind.Default, _clock, 100, TimeSpan.FromMilliseconds(250), new ConcurrencyLimiter(100, TimeSpan.Zero, _clock));
        for (var i = 0; i < ConcurrencyLimiter.InitialLimit; i++)
        {
            Assert.True(monitor.View().HasCapacity);
            monitor.Start(false);
        }

        Assert.Equal(ConcurrencyLimiter.InitialLimit, monitor.Limit);
        Assert.False(monitor.View().HasCapacity);
        monitor.Start(probe: true);
        Assert.Equal(ConcurrencyLimiter.InitialLimit + 1, monitor.View().InFlight);
        Assert.Equal(ConcurrencyLimiter.InitialLimit + 1, monitor.Started);
    }

    [Fact]
    public void View_ProcessorStopsFailing_LimitRestartsFromOneAndRampsOverTheSlowStartWindow()
    {
        var limiter = new ConcurrencyLimiter(64, TimeSpan.FromSeconds(4), _clock);
        var monitor = new ProcessorMonitor(ProcessorKind.Default, _clock, 100, TimeSpan.FromMilliseconds(250), limiter);
        for (var i = 0; i < 60; i++)
        {
            var attempts = Enumerable.Range(0, monitor.Limit).Select(_ => monitor.Start(false)).ToList();
            _clock.Advance(TimeSpan.FromMilliseconds(5));
            attempts.ForEach(monitor.Succeeded);
        }

        Assert.Equal(64, monitor.Limit);
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        for (var i = 0; i < 3; i++)
        {
            monitor.Failed(monitor.Start(false), timedOut: false);
        }

        Assert.True(monitor.View().Failing);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        var probe = monitor.Start(probe: true);
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        monitor.Succeeded(probe);

        Assert.False(monitor.View().Failing);
        Assert.Equal(1, monitor.Limit);

        // Half the window on, in full use and answering fast, it may have 64^0.5 = 8 at once; at the end, all 64.
        var recovered = _clock.GetTimestamp();
        while (_clock.GetElapsedTime(recovered) < TimeSpan.FromMilliseconds(2001))
        {
            var attempts = Enumerable.Range(0, monitor.Limit).Select(_ => monitor.Start(false)).ToList();
            _clock.Advance(TimeSpan.FromMilliseconds(5));
            attempts.ForEach(monitor.Succeeded);
        }

        Assert.Equal(8, monitor.Limit);
        _clock.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 10; i++)
        {
            var attempts = Enumerable.Range(0, monitor.Limit).Select(_ => monitor.Start(false)).ToList();
            _clock.Advance(TimeSpan.FromMilliseconds(5));
            attempts.ForEach(monitor.Succeeded);
        }

        Assert.Equal(64, monitor.Limit);
    }
}

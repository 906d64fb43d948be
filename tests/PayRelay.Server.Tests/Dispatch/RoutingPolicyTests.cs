using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Tests.Dispatch;

public class RoutingPolicyTests
{
    private static readonly ProcessorView Healthy = new(Failing: false, ExpectedLatencyMs: 20, InFlight: 0, HasCapacity: true, ProbeDue: true);
    private static readonly ProcessorView Slow = Healthy with { ExpectedLatencyMs = 2000 };
    private static readonly ProcessorView Failing = Healthy with { Failing = true, ProbeDue = false };
    private static readonly ProcessorView Full = Healthy with { HasCapacity = false };
    private static readonly ProcessorView Suspect = Healthy with { Suspect = true, ExpectedLatencyMs = 400 };

    private static RoutingPolicy Policy(decimal defaultFee = 0.05m, decimal fallbackFee = 0.15m) =>
        new(new ServerOptions { DefaultProcessorFee = defaultFee, FallbackProcessorFee = fallbackFee });

    [Fact]
    public void Decide_DefaultHealthy_SendsToDefaultEvenWhenFallbackIsHealthy()
    {
        var route = Policy().Decide(null, TimeSpan.FromMinutes(5), Healthy, Healthy);

        Assert.Equal(Route.Send(ProcessorKind.Default), route);
    }

    [Fact]
    public void Decide_DefaultSlowAndHealthyFallbackAtItsLimit_HoldsRatherThanProbingTheDefault()
    {
        var policy = new RoutingPolicy(new ServerOptions { FallbackAfter = TimeSpan.FromSeconds(30) });
        var slow = Healthy with { ExpectedLatencyMs = 1500 };

        // Even with the health poll quiet, which would allow probing the slow default with a payment.
        var route = policy.Decide(null, TimeSpan.FromSeconds(20), slow with { HealthAgeMs = 60_000 }, Full);

        Assert.Null(route.Target);
    }

    [Fact]
    public void Decide_DefaultHealthyButAtCapacity_HoldsRatherThanPayingTheFallback()
    {
        var route = Policy().Decide(null, TimeSpan.FromMinutes(5), Full, Healthy);

        Assert.Null(route.Target);
    }

    [Fact]
    public void Decide_DefaultFailingAndPaymentYoung_HoldsForTheDefault()
    {
        var route = Policy().Decide(null, TimeSpan.FromSeconds(5), Failing, Healthy);

        Assert.Null(route.Target);
        Assert.True(route.WaitFor > TimeSpan.Zero);
    }

    [Fact]
    public void Decide_DefaultFailingLongerThanTheFeeDerivedWait_PaysTheHealthyFallback()
    {
        // Fees 7 % / 10 %: the fallback is 43 % dearer, so a payment waits about 6.4 s.
        var policy = Policy(0.07m, 0.10m);

        Assert.Null(policy.Decide(null, TimeSpan.FromSeconds(6), Failing, Healthy).Target);
        Assert.Equal(ProcessorKind.Fallback, policy.Decide(null, TimeSpan.FromSeconds(7), Failing, Healthy).Target);
    }

    [Fact]
    public void Decide_PreviewFees_WaitsThirtySecondsForTheDefault()
    {
        var policy = Policy(0.05m, 0.15m);

        Assert.Null(policy.Decide(null, TimeSpan.FromSeconds(29), Failing, Healthy).Target);
        Assert.Equal(ProcessorKind.Fallback, policy.Decide(null, TimeSpan.FromSeconds(30), Failing, Healthy).Target);
    }

    [Fact]
    public void Decide_DefaultSlowAndFallbackHealthy_PaysTheFallbackAtOnce()
    {
        var route = Policy().Decide(null, TimeSpan.Zero, Slow with { ProbeDue = false }, Healthy);

        Assert.Equal(Route.Send(ProcessorKind.Fallback), route);
    }

    [Fact]
    public void Decide_BothFailingAndDefaultProbeDue_ProbesTheDefaultWithThisPayment()
    {
        var route = Policy().Decide(null, TimeSpan.Zero, Failing with { ProbeDue = true }, Failing);

        Assert.Equal(Route.Send(ProcessorKind.Default, probe: true), route);
    }

    [Fact]
    public void Decide_BothFailingAndNoProbeDue_Holds()
    {
        var route = Policy().Decide(null, TimeSpan.FromMinutes(1), Failing, Failing);

        Assert.Null(route.Target);
    }

    [Fact]
    public void Decide_PinnedToFallback_NeverGoesToTheHealthyDefault()
    {
        var route = Policy().Decide(ProcessorKind.Fallback, TimeSpan.Zero, Healthy, Failing);

        Assert.NotEqual(ProcessorKind.Default, route.Target);
        Assert.Null(route.Target);
    }

    [Fact]
    public void Decide_PinnedToFailingProcessorWithProbeDue_ProbesThatProcessor()
    {
        var route = Policy().Decide(ProcessorKind.Fallback, TimeSpan.Zero, Healthy, Failing with { ProbeDue = true });

        Assert.Equal(Route.Send(ProcessorKind.Fallback, probe: true), route);
    }

    [Fact]
    public void Decide_PinnedToSlowProcessor_StillResolvesThere()
    {
        var route = Policy().Decide(ProcessorKind.Default, TimeSpan.Zero, Slow, Healthy);

        Assert.Equal(Route.Send(ProcessorKind.Default), route);
    }

    [Fact]
    public void Decide_DefaultSuspect_HoldsWithoutProbingOrPayingTheFallback()
    {
        var route = Policy().Decide(null, TimeSpan.FromSeconds(1), Suspect, Healthy);

        Assert.Null(route.Target);
    }

    [Fact]
    public void Decide_DefaultSuspectForLongerThanTheFallbackWait_PaysTheHealthyFallback()
    {
        var route = Policy(0.07m, 0.10m).Decide(null, TimeSpan.FromSeconds(7), Suspect, Healthy);

        Assert.Equal(Route.Send(ProcessorKind.Fallback), route);
    }

    [Fact]
    public void Decide_PinnedToSuspectProcessor_Holds()
    {
        var route = Policy().Decide(ProcessorKind.Default, TimeSpan.Zero, Suspect, Healthy);

        Assert.Null(route.Target);
    }

    [Fact]
    public void Decide_FailingWithALongDelayAndFreshPoll_NoProbeWithAYoungPayment()
    {
        // The outage's delay is past the safe latency: a probe sent now would be stored seconds later, under a stamp the
        // auditors' window already covers, if the outage ended meanwhile.
        var longOutage = Failing with { ProbeDue = true, ExpectedLatencyMs = 5000, HealthAgeMs = 1000 };

        var route = Policy().Decide(null, TimeSpan.FromSeconds(3), longOutage, longOutage);

        Assert.Null(route.Target);
    }

    [Fact]
    public void Decide_FailingWithALongDelay_ProbesWithAPaymentOlderThanTheAuditorsLookback()
    {
        var longOutage = Failing with { ProbeDue = true, ExpectedLatencyMs = 5000, HealthAgeMs = 1000 };
        var policy = Policy();

        Assert.Null(policy.Decide(null, TimeSpan.FromSeconds(15.9), longOutage, longOutage).Target);
        Assert.Equal(Route.Send(ProcessorKind.Default, probe: true), policy.Decide(null, TimeSpan.FromSeconds(16), longOutage, longOutage));
    }

    [Fact]
    public void Decide_FailingWithALongDelayAndThePollQuiet_ProbesRatherThanHoldingForGood()
    {
        // Two poll intervals and a second without a poll result: nothing else would ever show the recovery.
        var unpolled = Failing with { ProbeDue = true, ExpectedLatencyMs = 5000, HealthAgeMs = 11_201 };

        var route = Policy().Decide(null, TimeSpan.FromSeconds(3), unpolled, unpolled);

        Assert.Equal(Route.Send(ProcessorKind.Default, probe: true), route);
    }

    [Fact]
    public void Decide_FailingWithAShortDelay_ProbesWithAnyPayment()
    {
        var quickOutage = Failing with { ProbeDue = true, ExpectedLatencyMs = 100, HealthAgeMs = 1000 };

        var route = Policy().Decide(null, TimeSpan.FromMilliseconds(10), quickOutage, quickOutage);

        Assert.Equal(Route.Send(ProcessorKind.Default, probe: true), route);
    }

    [Fact]
    public void Decide_PinnedToAFailingProcessorWithALongDelay_ProbesOnlyOnceItsStampIsOutOfSight()
    {
        var longOutage = Failing with { ProbeDue = true, ExpectedLatencyMs = 2000, HealthAgeMs = 1000 };
        var policy = Policy();

        Assert.Null(policy.Decide(ProcessorKind.Default, TimeSpan.FromSeconds(10), longOutage, Healthy).Target);
        Assert.Equal(Route.Send(ProcessorKind.Default, probe: true), policy.Decide(ProcessorKind.Default, TimeSpan.FromSeconds(16), longOutage, Healthy));
    }

    [Fact]
    public void DecideLookup_PinnedProcessorFailingWithALongDelay_ProbesAtOnceWhereAResendWouldWait()
    {
        // A lookup stores nothing: the stamp an auditor could see is no reason to hold it back.
        var longOutage = Failing with { ProbeDue = true, ExpectedLatencyMs = 2000, HealthAgeMs = 1000 };
        var policy = Policy();

        Assert.Null(policy.Decide(ProcessorKind.Default, TimeSpan.FromSeconds(10), longOutage, Healthy).Target);
        Assert.Equal(Route.Send(ProcessorKind.Default, probe: true), policy.DecideLookup(ProcessorKind.Default, longOutage));
    }

    [Fact]
    public void DecideLookup_HealthyOrSlowWithASlotFree_AsksAtOnce()
    {
        Assert.Equal(Route.Send(ProcessorKind.Fallback), Policy().DecideLookup(ProcessorKind.Fallback, Healthy));
        Assert.Equal(Route.Send(ProcessorKind.Default), Policy().DecideLookup(ProcessorKind.Default, Slow));
    }

    [Fact]
    public void DecideLookup_FailingWithoutAProbeDueOrSuspectOrFull_Holds()
    {
        // A processor whose lookups fail too is asked once a probe interval, not in a loop.
        Assert.Null(Policy().DecideLookup(ProcessorKind.Default, Failing).Target);
        Assert.Null(Policy().DecideLookup(ProcessorKind.Default, Suspect).Target);
        Assert.Null(Policy().DecideLookup(ProcessorKind.Default, Full).Target);
    }

    [Fact]
    public void Stamp_FirstAttempt_IsNowPlusTheLead()
    {
        var policy = new RoutingPolicy(new ServerOptions { StampLead = TimeSpan.FromMilliseconds(50) });

        Assert.Equal(1_000_050, policy.Stamp(1_000_000, TimeSpan.FromSeconds(30), probe: false));
        Assert.Equal(1_000_050, policy.Stamp(1_000_000, TimeSpan.FromSeconds(15.9), probe: true));
    }

    [Fact]
    public void Stamp_ProbeOfAPaymentOlderThanTheLookback_IsItsAcceptanceTime()
    {
        var policy = new RoutingPolicy(new ServerOptions { AuditLookback = TimeSpan.FromSeconds(15) });

        Assert.Equal(1_000_000 - 16_000, policy.Stamp(1_000_000, TimeSpan.FromSeconds(16), probe: true));
    }
}

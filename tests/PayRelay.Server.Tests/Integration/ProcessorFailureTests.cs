using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class ProcessorFailureTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Payments_DefaultFailingLongerThanFallbackAfter_SomeGoToFallbackAndNoneIsLostOrChargedTwice()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(1) });
        cluster.Default.State.Failing = true;

        await cluster.PostPaymentsAsync(60);
        await Eventually.HoldsAsync(() => cluster.Fallback.State.Count > 0, "payments waited past FallbackAfter reach the fallback", Deadline);
        cluster.Default.State.Failing = false;
        await cluster.PostPaymentsAsync(60);

        await cluster.AssertConsistentAsync();
        var (atDefault, atFallback) = cluster.ProcessorTotals();
        Assert.True(atFallback.Requests > 0);
        Assert.True(atDefault.Requests >= 60, $"after the default recovered new payments go to it; it has {atDefault.Requests}");
    }

    [Fact]
    public async Task Payments_DefaultFailingShorterThanFallbackAfter_WaitAndAllEndOnDefault()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(30) });
        cluster.Default.State.Failing = true;

        await cluster.PostPaymentsAsync(60);
        // Both instances have probed the failing default several times: payments are being held, not paid dearer.
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 5),
            "both instances have seen the default fail repeatedly",
            Deadline);
        Assert.Equal(0, cluster.Fallback.State.Count);
        Assert.Equal(60, cluster.Held());
        cluster.Default.State.Failing = false;

        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(60, 60 * 19.90m), cluster.ProcessorTotals().Default);
        Assert.Equal(0, cluster.Fallback.State.Count);
    }

    [Fact]
    public async Task Payments_BothProcessorsFailingThenRecovering_AllConfirmedOnce()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromMilliseconds(300) });
        cluster.Default.State.Failing = true;
        cluster.Fallback.State.Failing = true;

        await cluster.PostPaymentsAsync(80);
        // Past FallbackAfter both processors get probed and keep failing: nothing can be charged, nothing is dropped.
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i =>
                cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 3
                && cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Fallback).Failures >= 3),
            "both instances have seen both processors fail",
            Deadline);
        Assert.Equal(80, cluster.Held());
        cluster.Default.State.Failing = false;
        cluster.Fallback.State.Failing = false;

        await cluster.AssertConsistentAsync();
        Assert.Equal(80, cluster.Counter(c => c.Confirmed));
    }

    [Fact]
    public async Task Payments_DefaultSlowerThanSafeLatency_FallbackTakesNewPaymentsAtOnce()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { SafeLatency = TimeSpan.FromMilliseconds(200), FallbackAfter = TimeSpan.FromSeconds(30) });
        cluster.Default.State.DelayMilliseconds = 400;

        await cluster.PostPaymentsAsync(10);
        // Those sent before the slowness showed are charged by the default; the rest, once an answer or the health poll
        // showed it, by the fallback. Either way the instances now know the default takes 400 ms.
        await Eventually.HoldsAsync(() => cluster.Default.State.Count + cluster.Fallback.State.Count == 10, "the first payments were charged", Deadline);
        // With the adaptive limit's initial 4 attempts at once, an instance may have sent its first payments elsewhere
        // and learn the default's latency only from the next health poll: wait until both know it.
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).View().State(200) == ProcessorState.Slow),
            "both instances see the default slow",
            Deadline);
        var before = cluster.Fallback.State.Count;

        // New payments go to the fallback without waiting the 30 s a failing default would get.
        await cluster.PostPaymentsAsync(20);
        await Eventually.HoldsAsync(() => cluster.Fallback.State.Count == before + 20, "the fallback takes every new payment while the default is slow", TimeSpan.FromSeconds(5));

        cluster.Default.State.DelayMilliseconds = 0;
        await cluster.AssertConsistentAsync();
    }

    [Fact]
    public async Task Payments_DefaultFailingWithDelay_NothingChargedTwiceAcrossProcessors()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromMilliseconds(500) });

        // A failing processor still waits out its delay before the 500: attempts stay in flight a while.
        cluster.Default.State.DelayMilliseconds = 150;
        cluster.Default.State.Failing = true;
        await cluster.PostPaymentsAsync(60);
        await Eventually.HoldsAsync(() => cluster.Fallback.State.Count > 0, "the fallback takes payments", Deadline);
        cluster.Default.State.Failing = false;
        cluster.Default.State.DelayMilliseconds = 0;
        await cluster.PostPaymentsAsync(40);

        await cluster.AssertConsistentAsync();
    }

    [Fact]
    public async Task Payments_OutageWithALongDelayEnding_NothingStoredLateUnderAStampTheAuditorsStillWatch()
    {
        // Scaled down: a 1 s outage delay is long against a 300 ms safe latency, and the auditors look back 3 s. A processor
        // decides to fail only after its delay, so whatever is in flight when the outage ends is stored up to 1 s after
        // its stamp. Stamped "now", such a payment appears in a window a check has just read: it must not exist.
        var lookback = TimeSpan.FromSeconds(3);
        await using var cluster = await TestCluster.StartAsync(o => o with
        {
            SafeLatency = TimeSpan.FromMilliseconds(300),
            AuditLookback = lookback,
            FallbackAfter = TimeSpan.FromMinutes(1),
        });
        cluster.Default.State.DelayMilliseconds = 1000;
        cluster.Default.State.Failing = true;
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Health is { Failing: true }),
            "both instances know from the health poll that the default is failing",
            Deadline);

        await cluster.PostPaymentsAsync(40);
        // Only payments older than the lookback may probe it: they fail, and more go, with their acceptance as stamp.
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 2),
            "both instances have probed the default",
            Deadline);
        cluster.Default.State.Failing = false;
        cluster.Default.State.DelayMilliseconds = 0;
        await cluster.AssertConsistentAsync();

        var lags = cluster.Charges().Select(c => c.Stored.StoredAt - c.Stored.RequestedAt).ToList();
        var seenLate = lags.Where(lag => lag >= TimeSpan.FromMilliseconds(900) && lag < lookback).ToList();
        Assert.True(seenLate.Count == 0, $"{seenLate.Count} payments were stored {string.Join(", ", seenLate.Select(l => $"{l.TotalMilliseconds:0} ms"))} after their stamp");
        Assert.Contains(lags, lag => lag >= lookback);
        await cluster.AssertRecordedAtTheStoredRequestedAtAsync();
    }

    [Fact]
    public async Task Payments_ProcessorDelayEqualToTheAuditorsMargin_StoredBeforeTheirStampIsThatOld()
    {
        // The final test ends with the default at 2000 ms against a 2 s margin: stamped before the send, every payment
        // would be stored a few milliseconds past the margin, in sight of a check. Scaled down: a 300 ms delay, a
        // 200 ms lead (wide, for a loaded machine); each store must come less than the delay after its stamp.
        await using var cluster = await TestCluster.StartAsync(o => o with { StampLead = TimeSpan.FromMilliseconds(200) });
        // A first round warms the path (compilation, connections), whose first use takes far longer than any trip.
        await cluster.PostPaymentsAsync(8);
        await cluster.AssertConsistentAsync();
        cluster.Default.State.DelayMilliseconds = 300;

        var ids = await cluster.PostPaymentsAsync(30);
        await cluster.AssertConsistentAsync();

        var lags = cluster.Charges().Where(c => ids.Contains(c.Stored.CorrelationId)).Select(c => c.Stored.StoredAt - c.Stored.RequestedAt).ToList();
        Assert.Equal(30, lags.Count);
        Assert.All(lags, lag => Assert.True(lag < TimeSpan.FromMilliseconds(300), $"stored {lag.TotalMilliseconds:0} ms after its stamp"));
    }
}

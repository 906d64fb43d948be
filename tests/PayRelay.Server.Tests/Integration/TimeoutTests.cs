using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>Processors slower than the client timeout: every timeout is an unknown outcome, resolved on the same processor.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class TimeoutTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static Func<Server.Configuration.ServerOptions, Server.Configuration.ServerOptions> ShortTimeout(TimeSpan fallbackAfter) =>
        o => o with { ProcessorTimeout = TimeSpan.FromMilliseconds(300), FallbackAfter = fallbackAfter };

    [Fact]
    public async Task Payments_BothProcessorsSlowerThanTimeout_ResolvedWhereFirstSentAndRecordedOnce()
    {
        await using var cluster = await TestCluster.StartAsync(ShortTimeout(TimeSpan.FromMilliseconds(300)));
        cluster.Default.State.DelayMilliseconds = 700;
        cluster.Fallback.State.DelayMilliseconds = 700;

        await cluster.PostPaymentsAsync(30);
        await Eventually.HoldsAsync(() => cluster.Counter(c => c.Uncertain) >= 30, "every first attempt on the default timed out", Deadline);
        // Later payments find the default timing out, wait past FallbackAfter and time out on the fallback too.
        await cluster.PostPaymentsAsync(30);
        await Eventually.HoldsAsync(
            () => cluster.Default.State.Count > 0 && cluster.Fallback.State.Count > 0,
            "both processors stored payments whose attempts timed out on our side",
            Deadline);
        // No attempt can succeed in time, so nothing is confirmed yet although the processors hold payments.
        Assert.Equal(0, Enumerable.Range(0, 2).Sum(i => cluster.Instance(i).Get<PaymentLedger>().Count));

        cluster.Default.State.DelayMilliseconds = 0;
        cluster.Fallback.State.DelayMilliseconds = 0;

        await cluster.AssertConsistentAsync();
        Assert.True(cluster.Default.State.Count > 0);
        await cluster.AssertRecordedAtTheStoredRequestedAtAsync();
    }

    [Fact]
    public async Task Payment_TimedOutOnDefaultWhileFallbackHealthy_NeverSentToFallback()
    {
        await using var cluster = await TestCluster.StartAsync(ShortTimeout(TimeSpan.FromMilliseconds(100)));
        cluster.Default.State.DelayMilliseconds = 800;

        var ids = await cluster.PostPaymentsAsync(10);
        // Several rounds of retries on the default, all timing out, long after FallbackAfter has passed.
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Timeouts >= 8),
            "both instances retried the default several times",
            Deadline);
        Assert.All(ids, id => Assert.False(cluster.Fallback.State.TryGet(id, out _), $"{id} went to the fallback after a timeout on the default"));
        cluster.Default.State.DelayMilliseconds = 0;

        await cluster.AssertConsistentAsync();
        Assert.Equal(10, cluster.Default.State.Count);
    }

    [Fact]
    public async Task Payment_422AfterTimedOutAttempt_RecordedOnceWithTheStoredRequestedAt()
    {
        await using var cluster = await TestCluster.StartAsync(ShortTimeout(TimeSpan.FromSeconds(30)));
        cluster.Default.State.DelayMilliseconds = 800;
        var id = Guid.NewGuid();

        Assert.Equal(System.Net.HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id, 20.05m));
        // The first attempt timed out on our side but the processor stores it when its delay ends.
        await Eventually.HoldsAsync(() => cluster.Default.State.TryGet(id, out _), "the processor stored the timed-out attempt", Deadline);
        Assert.True(cluster.Instance(0).Get<DispatchCounters>().Uncertain >= 1);
        Assert.Equal(0, cluster.Instance(0).Get<PaymentLedger>().Count);
        cluster.Default.State.DelayMilliseconds = 0;

        await cluster.AssertConsistentAsync();
        Assert.True(cluster.Default.State.TryGet(id, out var stored));
        var at = stored.RequestedAt;
        Assert.Equal(new Totals(1, 20.05m), (await cluster.SummaryAsync(0, TestCluster.Query(at, at))).Default);
        Assert.Equal(new Totals(1, 20.05m), (await cluster.SummaryAsync(1, TestCluster.Query(at, at))).Default);
        Assert.Equal(0, (await cluster.SummaryAsync(0, TestCluster.Query(at.AddMilliseconds(1), null))).Default.Requests);
        Assert.Equal(0, (await cluster.SummaryAsync(0, TestCluster.Query(null, at.AddMilliseconds(-1)))).Default.Requests);
        Assert.Equal(1, cluster.Instance(0).Get<DispatchCounters>().Confirmed);
    }
}

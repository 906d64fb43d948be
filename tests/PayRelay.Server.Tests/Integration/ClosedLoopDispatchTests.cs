using System.Diagnostics;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// Issue 15: the adaptive limit must not turn an outage's backlog or a slow processor into a hold. Every payment is
/// confirmed within a deadline, on the processor the routing policy chose.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClosedLoopDispatchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Backlog_DefaultRecoversFromFailing_SlowStartsFromOneAndConfirmsEveryPaymentOnTheDefault()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(60), DispatchSlowStart = TimeSpan.FromSeconds(2) });
        await cluster.PostPaymentsAsync(40);
        Assert.True(await cluster.TrySettleAsync());
        cluster.Default.State.Failing = true;
        await cluster.PostPaymentsAsync(400);
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).View().Failing),
            "both instances see the default failing",
            Deadline);
        Assert.Equal(400, cluster.Held());

        // Watch api1's limit on the default from the recovery on.
        var monitor = cluster.Instance(0).Get<Dispatcher>().Monitor(ProcessorKind.Default);
        using var stop = new CancellationTokenSource();
        var lowest = int.MaxValue;
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!monitor.View().Failing)
                {
                    lowest = Math.Min(lowest, monitor.Limit);
                }

                await Task.Delay(2, CancellationToken.None);
            }
        });
        var recovered = Stopwatch.StartNew();
        cluster.Default.State.Failing = false;

        await Eventually.HoldsAsync(() => cluster.Held() == 0, "the backlog is confirmed", Deadline);
        var drained = recovered.Elapsed;
        await stop.CancelAsync();
        await watch;

        await cluster.AssertConsistentAsync();
        Assert.Equal(440, cluster.Default.State.Count);
        Assert.Equal(0, cluster.Fallback.State.Count);
        Assert.Equal(1, lowest);
        Assert.True(drained < Deadline, $"drained in {drained}");
    }

    [Fact]
    public async Task Payments_BothProcessorsSlowButAnswering_LimitGrowsAndAllComplete()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Default.State.DelayMilliseconds = 300;
        cluster.Fallback.State.DelayMilliseconds = 300;

        await cluster.PostPaymentsAsync(300);

        await Eventually.HoldsAsync(() => cluster.Held() == 0, "every payment is confirmed", Deadline);
        await cluster.AssertConsistentAsync();
        Assert.Equal(300, cluster.Default.State.Count + cluster.Fallback.State.Count);
        // 150 payments per instance at 300 ms each: the limit learned the slow floor and grew past where it started.
        Assert.Contains(
            Enumerable.Range(0, 2),
            i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Limit > ConcurrencyLimiter.InitialLimit);
    }

    [Fact]
    public async Task Payments_BothProcessorsFailThenTurnSlow_AllCompleteOnceTheyAnswer()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromMilliseconds(500) });
        cluster.Default.State.Failing = true;
        cluster.Fallback.State.Failing = true;
        await cluster.PostPaymentsAsync(200);
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 3),
            "both instances see the default fail",
            Deadline);

        cluster.Default.State.DelayMilliseconds = 200;
        cluster.Fallback.State.DelayMilliseconds = 200;
        cluster.Default.State.Failing = false;
        cluster.Fallback.State.Failing = false;

        await Eventually.HoldsAsync(() => cluster.Held() == 0, "every payment is confirmed", Deadline);
        await cluster.AssertConsistentAsync();
        Assert.Equal(200, cluster.Default.State.Count + cluster.Fallback.State.Count);
    }
}

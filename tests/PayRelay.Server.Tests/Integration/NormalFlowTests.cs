using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class NormalFlowTests
{
    [Fact]
    public async Task Payments_ThroughBothInstancesWithHealthyProcessors_AllChargedOnceOnDefaultAndSummedByEither()
    {
        await using var cluster = await TestCluster.StartAsync();

        await cluster.PostPaymentsAsync(120, 19.90m);
        await cluster.PostPaymentsAsync(40, 20.05m);

        await cluster.AssertConsistentAsync();
        var (atDefault, atFallback) = cluster.ProcessorTotals();
        Assert.Equal(new Totals(160, (120 * 19.90m) + (40 * 20.05m)), atDefault);
        Assert.Equal(new Totals(0, 0m), atFallback);
        for (var i = 0; i < 2; i++)
        {
            // Each instance confirmed its own share; the summary of either covers both.
            Assert.Equal(80, cluster.Instance(i).Get<DispatchCounters>().Accepted);
            Assert.Equal(80, cluster.Instance(i).Get<PaymentLedger>().Count);
        }

        await cluster.AssertRecordedAtTheStoredRequestedAtAsync(index: 1);
    }

    [Fact]
    public async Task Payments_AmountsWithMoreThanTwoDecimals_RecordedAsTheProcessorRoundsThem()
    {
        await using var cluster = await TestCluster.StartAsync();

        // The processor rounds half to even: 0.125 -> 0.12, 0.135 -> 0.14, 10.005 -> 10.00.
        foreach (var amount in new[] { 0.125m, 0.135m, 10.005m, 19.999m })
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, Guid.NewGuid(), amount));
        }

        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(4, 0.12m + 0.14m + 10.00m + 20.00m), cluster.ProcessorTotals().Default);
    }
}

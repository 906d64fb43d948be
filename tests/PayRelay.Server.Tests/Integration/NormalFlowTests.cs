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
    public async Task Payments_AmountsFinerThanACent_RefusedAndNeverRoundedWholeCentsChargedExactly()
    {
        await using var cluster = await TestCluster.StartAsync();

        // The processor would round half to even (0.125 -> 0.12, 19.999 -> 20.00): money altered silently, so refused.
        foreach (var amount in new[] { "0.125", "0.135", "10.005", "19.999", "1.005", "2.675" })
        {
            using var refused = await cluster.PostRawAsync(0, $$"""{"correlationId":"{{Guid.NewGuid()}}","amount":{{amount}}}""");
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        }

        // Whole cents in any notation are charged exactly what they say.
        foreach (var amount in new[] { "19.9", "1.99e1", "20.050", "0.01" })
        {
            var id = Guid.NewGuid();
            using var accepted = await cluster.PostRawAsync(0, $$"""{"correlationId":"{{id}}","amount":{{amount}}}""");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
            cluster.NoteAccepted(id, decimal.Parse(amount, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
        }

        await cluster.AssertConsistentAsync();
        var (atDefault, atFallback) = cluster.ProcessorTotals();
        Assert.Equal(new Totals(4, 19.90m + 19.90m + 20.05m + 0.01m), new Totals(atDefault.Requests + atFallback.Requests, atDefault.Amount + atFallback.Amount));
    }
}

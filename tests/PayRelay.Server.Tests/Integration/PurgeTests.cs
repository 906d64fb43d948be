using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary><c>POST /purge-payments</c> clears the ledger and the pending work of the whole deployment.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class PurgeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task PurgePayments_FromEitherInstance_ClearsBothInstancesLedgers(int purgeVia)
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.PostPaymentsAsync(40);
        await cluster.AssertConsistentAsync();

        using (var response = await cluster.Client(purgeVia).PostAsync("purge-payments", content: null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            var summary = await cluster.SummaryAsync(i);
            Assert.Equal(new Totals(0, 0m), summary.Default);
            Assert.Equal(new Totals(0, 0m), summary.Fallback);
            Assert.Equal(0, cluster.Instance(i).Get<PaymentLedger>().Count);
        }

        // As the official tests do: processors purged too, then a fresh run is consistent on its own.
        cluster.Default.State.Purge();
        cluster.Fallback.State.Purge();
        cluster.ForgetAccepted();
        await cluster.PostPaymentsAsync(20, 20.05m);
        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(20, 20 * 20.05m), cluster.ProcessorTotals().Default);
    }

    [Fact]
    public async Task PurgePayments_WithPaymentsHeldOnBothInstances_DropsThePendingWorkEverywhere()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(30) });
        cluster.Default.State.Failing = true;
        await cluster.PostPaymentsAsync(40);
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 3),
            "both instances hold payments for the failing default",
            Deadline);

        using (var response = await cluster.Client(0).PostAsync("purge-payments", content: null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 2).All(i => cluster.Instance(i).Get<Dispatcher>().Pending == 0),
            "both instances dropped the purged payments",
            Deadline);
        cluster.Default.State.Failing = false;
        cluster.ForgetAccepted();
        var fresh = await cluster.PostPaymentsAsync(6);

        await cluster.AssertConsistentAsync();
        // Only the payments posted after the purge were ever charged.
        Assert.Equal(6, cluster.Default.State.Count);
        Assert.All(fresh, id => Assert.True(cluster.Default.State.TryGet(id, out _)));
        Assert.Equal(0, cluster.Fallback.State.Count);
    }

    [Fact]
    public async Task PurgePayments_PeerDown_Answers502AndPurgesThisInstance()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.PostPaymentsAsync(10, onlyTo: 0);
        await cluster.AssertConsistentAsync();
        await cluster.KillInstanceAsync(1);

        using var response = await cluster.Client(0).PostAsync("purge-payments", content: null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, cluster.Instance(0).Get<PaymentLedger>().Count);
    }
}

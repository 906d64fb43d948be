using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>A repeated correlationId is answered 2xx and charged once.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class DuplicateTests
{
    [Fact]
    public async Task PostPayments_SameIdRepeatedOnOneInstance_AcceptedEachTimeChargedOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        var id = Guid.NewGuid();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));
        }

        await cluster.AssertConsistentAsync();
        // Repeats after the charge are still answered 2xx and not charged again.
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));
        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(1, 19.90m), cluster.ProcessorTotals().Default);
        Assert.Equal(1, cluster.Instance(0).Get<DispatchCounters>().Accepted);
    }

    [Fact]
    public async Task PostPayments_ManyConcurrentRepeatsOnOneInstance_ChargedOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        var posts = ids.SelectMany(id => Enumerable.Range(0, 40).Select(_ => cluster.PostPaymentAsync(0, id)));
        var statuses = await Task.WhenAll(posts);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(5, 5 * 19.90m), cluster.ProcessorTotals().Default);
        Assert.Equal(5, cluster.Instance(0).Get<DispatchCounters>().Accepted);
        Assert.Equal(195, cluster.Instance(0).Get<DispatchCounters>().Duplicates);
    }

    [Fact]
    public async Task PostPayments_SameIdToBothInstances_ChargedOnceAndCountedOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        var statuses = await Task.WhenAll(ids.SelectMany(id => new[] { cluster.PostPaymentAsync(0, id), cluster.PostPaymentAsync(1, id) }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        await cluster.AssertConsistentAsync();
        // Each id reached the processor from both instances; the second attempt got a 422 and was not recorded.
        Assert.Equal(20, cluster.Counter(c => c.ChargedElsewhere));
        Assert.Equal(new Totals(20, 20 * 19.90m), cluster.ProcessorTotals().Default);
    }
}

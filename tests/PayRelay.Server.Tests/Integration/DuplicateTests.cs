using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>A repeated correlationId is answered 2xx and charged once; repeated with another amount, it is a 409.</summary>
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

    [Fact]
    public async Task PostPayments_SameIdWithAnotherAmount_ConflictNamedAndOriginalChargedOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));

        using var conflict = await cluster.PostRawAsync(0, TestCluster.PaymentJson(id, 20.00m));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/json", conflict.Content.Headers.ContentType?.MediaType);
        using var error = System.Text.Json.JsonDocument.Parse(await conflict.Content.ReadAsStringAsync());
        var message = error.RootElement.GetProperty("error").GetString()!;
        Assert.Contains(id.ToString(), message, StringComparison.Ordinal);
        Assert.Contains("different amount", message, StringComparison.Ordinal);
        // The same amount again is still a plain duplicate, and only the first amount is ever charged.
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));
        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(1, 19.90m), cluster.ProcessorTotals().Default);
    }
}

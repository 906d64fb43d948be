using System.Net;
using System.Text.Json;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// <c>GET /payments-summary</c> filters on the requestedAt sent to the processor, both bounds inclusive to
/// the millisecond, each bound optional; an unparseable timestamp is a 400.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SummaryBoundsTests
{
    [Fact]
    public async Task Summary_BoundsOnAPaymentsMillisecond_IncludeItAtBothEnds()
    {
        await using var cluster = await SpreadPaymentsAsync();
        var charges = cluster.Charges();
        var instants = charges.Select(c => c.Stored.RequestedAt).Distinct().Order().ToList();
        var first = instants[0];
        var middle = instants[instants.Count / 2];
        var last = instants[^1];

        await AssertRangeAsync(cluster, charges, first, last);
        await AssertRangeAsync(cluster, charges, middle, middle);
        await AssertRangeAsync(cluster, charges, middle, last);
        await AssertRangeAsync(cluster, charges, first, middle);
        await AssertRangeAsync(cluster, charges, middle.AddMilliseconds(1), last);
        await AssertRangeAsync(cluster, charges, first, middle.AddMilliseconds(-1));
        await AssertRangeAsync(cluster, charges, last.AddMilliseconds(1), last.AddSeconds(10));
        await AssertRangeAsync(cluster, charges, first.AddSeconds(-10), first.AddMilliseconds(-1));
        await cluster.AssertConsistentAsync();
    }

    [Fact]
    public async Task Summary_OnlyOneBoundOrNone_FiltersOnTheBoundGiven()
    {
        await using var cluster = await SpreadPaymentsAsync();
        var charges = cluster.Charges();
        var instants = charges.Select(c => c.Stored.RequestedAt).Distinct().Order().ToList();
        var middle = instants[instants.Count / 2];

        await AssertRangeAsync(cluster, charges, middle, null);
        await AssertRangeAsync(cluster, charges, null, middle);
        await AssertRangeAsync(cluster, charges, middle.AddMilliseconds(1), null);
        await AssertRangeAsync(cluster, charges, null, middle.AddMilliseconds(-1));
        await AssertRangeAsync(cluster, charges, null, null);
        await cluster.AssertConsistentAsync();
    }

    [Fact]
    public async Task Summary_SubMillisecondBounds_BehaveLikeSqlBetweenOnMillisecondTimestamps()
    {
        await using var cluster = await SpreadPaymentsAsync();
        var charges = cluster.Charges();
        var at = charges[charges.Count / 2].Stored.RequestedAt;
        var ms = TestCluster.Iso(at).TrimEnd('Z');
        var before = TestCluster.Iso(at.AddMilliseconds(-1)).TrimEnd('Z');

        // A payment stored at t lies within [t-0.5 ms, t+0.9 ms], after t-0.5 ms and before t+0.9 ms, but neither
        // at or after t+0.1 ms nor at or before t-0.5 ms: the bounds round inward, as BETWEEN compares.
        Assert.Equal(Count(charges, at, at), await CountAsync(cluster, $"{before}5Z", $"{ms}9Z"));
        Assert.Equal(Count(charges, at.AddMilliseconds(1), null), await CountAsync(cluster, $"{ms}1Z", null));
        Assert.Equal(Count(charges, null, at.AddMilliseconds(-1)), await CountAsync(cluster, null, $"{before}5Z"));
        Assert.Equal(Count(charges, at, null), await CountAsync(cluster, $"{before}5Z", null));
        Assert.Equal(Count(charges, null, at), await CountAsync(cluster, null, $"{ms}9Z"));
    }

    [Theory]
    [InlineData("?from=yesterday&to=2025-07-15T12:00:00.000Z")]
    [InlineData("?from=2025-07-15T12:00:00.000Z&to=not-a-time")]
    [InlineData("?from=2025-13-45T12:00:00.000Z")]
    [InlineData("?to=12345abc")]
    public async Task Summary_UnparseableTimestamp_Answers400WithJsonError(string query)
    {
        await using var cluster = await TestCluster.StartAsync();

        using var response = await cluster.Client(0).GetAsync("payments-summary" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetString()));
    }

    /// <summary>Payments through both instances in a few bursts, so their requestedAt spread over distinct milliseconds.</summary>
    private static async Task<TestCluster> SpreadPaymentsAsync()
    {
        var cluster = await TestCluster.StartAsync();
        for (var burst = 0; burst < 4; burst++)
        {
            await cluster.PostPaymentsAsync(10, 19.90m + burst);
            Assert.True(await cluster.TrySettleAsync(), "a burst was charged");
        }

        return cluster;
    }

    private static async Task AssertRangeAsync(TestCluster cluster, List<ChargedPayment> charges, DateTimeOffset? from, DateTimeOffset? to)
    {
        var query = TestCluster.Query(from, to);
        for (var i = 0; i < 2; i++)
        {
            var summary = await cluster.SummaryAsync(i, query);
            Assert.Equal(Expected(charges, ProcessorKind.Default, from, to), summary.Default);
            Assert.Equal(Expected(charges, ProcessorKind.Fallback, from, to), summary.Fallback);
        }
    }

    private static async Task<long> CountAsync(TestCluster cluster, string? from, string? to)
    {
        var parts = new[] { from is null ? null : "from=" + Uri.EscapeDataString(from), to is null ? null : "to=" + Uri.EscapeDataString(to) };
        var summary = await cluster.SummaryAsync(0, "?" + string.Join('&', parts.Where(p => p is not null)));
        return summary.Default.Requests + summary.Fallback.Requests;
    }

    private static long Count(List<ChargedPayment> charges, DateTimeOffset? from, DateTimeOffset? to) =>
        Expected(charges, ProcessorKind.Default, from, to).Requests + Expected(charges, ProcessorKind.Fallback, from, to).Requests;

    private static Totals Expected(List<ChargedPayment> charges, ProcessorKind processor, DateTimeOffset? from, DateTimeOffset? to)
    {
        var inRange = charges.Where(c => c.Processor == processor && (from is null || c.Stored.RequestedAt >= from) && (to is null || c.Stored.RequestedAt <= to)).ToList();
        return new Totals(inRange.Count, inRange.Sum(c => c.Stored.Amount));
    }
}

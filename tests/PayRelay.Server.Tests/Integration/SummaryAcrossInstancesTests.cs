using System.Diagnostics;
using PayRelay.Server.Ledger;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// The summary covers the whole deployment; when the peer does not answer, an instance answers at once with
/// its own share and says so in the <c>X-PayRelay-Partial</c> header.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SummaryAcrossInstancesTests
{
    [Fact]
    public async Task Summary_PaymentsTakenByOneInstance_CountedByTheOther()
    {
        await using var cluster = await TestCluster.StartAsync();

        await cluster.PostPaymentsAsync(25, onlyTo: 0);

        await cluster.AssertConsistentAsync();
        Assert.Equal(0, cluster.Instance(1).Get<PaymentLedger>().Count);
        Assert.Equal(new Totals(25, 25 * 19.90m), (await cluster.SummaryAsync(1)).Default);
    }

    [Fact]
    public async Task Summary_PeerStopped_AnswersOwnShareWithPartialHeaderQuickly()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.PostPaymentsAsync(40);
        await cluster.AssertConsistentAsync();
        await cluster.KillInstanceAsync(1);

        var clock = Stopwatch.StartNew();
        var summary = await cluster.SummaryAsync(0);
        clock.Stop();

        Assert.Equal("peer-unavailable", summary.Partial);
        Assert.Equal(new Totals(20, 20 * 19.90m), summary.Default);
        Assert.Equal(new Totals(0, 0m), summary.Fallback);
        var peerTimeout = cluster.Options(0).PeerTimeout;
        Assert.True(clock.Elapsed < peerTimeout + TimeSpan.FromSeconds(1), $"a missing peer held the summary up for {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Summary_PeerHangs_AnswersAfterPeerTimeoutWithOwnShareAndPartialHeader()
    {
        using var silent = new SilentPeer(Path.Combine(Path.GetTempPath(), $"payrelay-silent-{Guid.NewGuid():N}.sock"));
        await using var cluster = await TestCluster.StartAsync(o => o.InstanceId == "api1" ? o with { PeerUrl = silent.Url } : o);
        await cluster.PostPaymentsAsync(15, onlyTo: 0);
        Assert.True(await cluster.TrySettleAsync(), "payments were charged");

        var clock = Stopwatch.StartNew();
        var summary = await cluster.SummaryAsync(0);
        clock.Stop();

        Assert.Equal("peer-unavailable", summary.Partial);
        // api1 took every payment, so its own share is the whole of what the processors charged.
        var (atDefault, atFallback) = cluster.ProcessorTotals();
        Assert.Equal(atDefault, summary.Default);
        Assert.Equal(atFallback, summary.Fallback);
        Assert.Equal(15, atDefault.Requests + atFallback.Requests);
        var peerTimeout = cluster.Options(0).PeerTimeout;
        Assert.True(clock.Elapsed < peerTimeout + TimeSpan.FromSeconds(1), $"a hanging peer held the summary up for {clock.ElapsedMilliseconds} ms");
    }
}

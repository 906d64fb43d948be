using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// On SIGTERM an instance refuses new payments, fails its health check, hands what it holds to the peer (or, with no
/// peer to take them, finishes what it can until the deadline), then exits.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ShutdownTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StopAsync_WithPaymentsHeld_HandsThemToThePeerWhichChargesThemOnce()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(30), ShutdownTimeout = TimeSpan.FromSeconds(10) });
        cluster.Default.State.Failing = true;
        var ids = await cluster.PostPaymentsAsync(30, onlyTo: 0);
        var api1 = cluster.Instance(0);
        await Eventually.HoldsAsync(() => api1.Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 3, "api1 holds payments for the failing default", Deadline);

        var stopping = cluster.StopInstanceAsync(0);
        var draining = Stopwatch.StartNew();
        // During the balancer grace the instance still answers: unhealthy, and refusing payments.
        await Eventually.HoldsAsync(async () => await StatusAsync(cluster.Client(0), "healthz") == HttpStatusCode.ServiceUnavailable, "/healthz answers 503", Deadline);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await cluster.PostPaymentAsync(0, Guid.NewGuid()));
        using (var status = await cluster.Client(0).GetAsync("status"))
        {
            using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("draining").GetBoolean());
        }

        // The default stays down, yet the instance does not wait for it: it hands its payments to api2 and exits
        // long before its 10 s deadline (and the 30 s the payments would wait for the fallback).
        await stopping.WithinDeadline("the instance to hand off and stop", Deadline);
        Assert.True(draining.Elapsed < TimeSpan.FromSeconds(6), $"stopping took {draining.ElapsedMilliseconds} ms");
        Assert.Equal(0, cluster.Default.State.Count);
        var api2 = cluster.Instance(1);
        Assert.Equal(30, api2.Get<Dispatcher>().Pending + api2.Get<Dispatcher>().InFlight);

        cluster.Default.State.Failing = false;
        await Eventually.HoldsAsync(() => api2.Get<PaymentLedger>().Count == 30, "api2 charged the 30 payments handed to it", TimeSpan.FromSeconds(20));
        Assert.All(ids, id => Assert.True(cluster.Default.State.TryGet(id, out _), $"{id} was not charged"));
        Assert.Equal(new Totals(30, 30 * 19.90m), cluster.ProcessorTotals().Default);
        var all = api2.Get<PaymentLedger>().Summarize(long.MinValue, long.MaxValue);
        Assert.Equal(cluster.ProcessorTotals().Default, new Totals(all.Default.TotalRequests, Money.FromCents(all.Default.TotalCents)));
        Assert.Equal(0, cluster.Fallback.State.Count);
        // What is left of the deployment says honestly that it lacks the stopped instance's share.
        Assert.Equal("peer-unavailable", (await cluster.SummaryAsync(1)).Partial);
    }

    [Fact]
    public async Task StopAsync_PeerGone_DrainsWhatItHoldsItself()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(30), ShutdownTimeout = TimeSpan.FromSeconds(10) });
        await cluster.KillInstanceAsync(1);
        cluster.Default.State.Failing = true;
        var ids = await cluster.PostPaymentsAsync(20, onlyTo: 0);
        var api1 = cluster.Instance(0);
        var ledger = api1.Get<PaymentLedger>();
        await Eventually.HoldsAsync(() => api1.Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 3, "api1 holds payments for the failing default", Deadline);

        var stopping = cluster.StopInstanceAsync(0);
        var draining = Stopwatch.StartNew();
        // No peer takes them: the held payments keep the instance alive past the grace.
        await Eventually.HoldsAsync(() => stopping.IsCompleted || draining.Elapsed > DrainService.BalancerGrace + TimeSpan.FromMilliseconds(500), "the drain outlasts the balancer grace", Deadline);
        Assert.False(stopping.IsCompleted, "the instance exited while it still held payments");
        Assert.Equal(0, cluster.Default.State.Count);
        cluster.Default.State.Failing = false;
        await stopping.WithinDeadline("the drained instance to stop", Deadline);

        Assert.All(ids, id => Assert.True(cluster.Default.State.TryGet(id, out _), $"{id} was not charged before the instance exited"));
        Assert.Equal(20, ledger.Count);
    }

    [Fact]
    public async Task StopAsync_NoPeerAndProcessorsDownPastShutdownTimeout_ExitsWithinTheDeadlineWithoutCharging()
    {
        var shutdownTimeout = TimeSpan.FromSeconds(2);
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(30), ShutdownTimeout = shutdownTimeout });
        cluster.Default.State.Failing = true;
        await cluster.KillInstanceAsync(1);
        await cluster.PostPaymentsAsync(10, onlyTo: 0);
        var api1 = cluster.Instance(0);
        await Eventually.HoldsAsync(() => api1.Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 3, "api1 holds payments for the failing default", Deadline);

        var clock = Stopwatch.StartNew();
        await cluster.StopInstanceAsync(0);
        clock.Stop();

        // The deadline bounds the drain; the attempts still running get a short grace to come back.
        Assert.True(clock.Elapsed < shutdownTimeout + TimeSpan.FromSeconds(3), $"stopping took {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed >= shutdownTimeout - TimeSpan.FromMilliseconds(100), $"stopping gave up after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, cluster.Default.State.Count + cluster.Fallback.State.Count);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }
}

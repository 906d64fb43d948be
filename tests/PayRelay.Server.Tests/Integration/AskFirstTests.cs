using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Server.Tests.Storage;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// Issues 16 and 19: a payment this process takes over already pinned (its journal's unanswered attempt at start, a
/// draining peer's payment whose attempt timed out) is looked up on its processor (<c>GET /payments/{id}</c>) before
/// anything is re-sent. The processors sit behind counting fronts, so the tests see which calls reached them.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class AskFirstTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Recover_JournaledAttemptTheFailingDefaultStored_ConfirmedByALookupWithoutAnyPost()
    {
        using var journal = new JournalHarness();
        await using var cluster = await StartWithJournalAsync(journal);
        var (id, requestedAt) = await JournalAnUnansweredAttemptAsync(cluster, journal);
        // The attempt the dead process sent was stored after all; the default fails every POST now.
        Assert.True(cluster.Default.State.TryStore(id, 19.90m, DateTimeOffset.FromUnixTimeMilliseconds(requestedAt)));
        cluster.Default.State.Failing = true;

        await cluster.StartInstanceAsync(0);

        var api1 = cluster.Instance(0);
        await Eventually.HoldsAsync(() => api1.Get<PaymentLedger>().Count == 1, "api1 confirmed the recovered payment while the default fails", Deadline);
        await Eventually.HoldsAsync(() => cluster.DefaultProxy!.Lookups(id).Count == 1, "one lookup reached the default", Deadline);
        Assert.Empty(cluster.DefaultProxy!.Posts);
        Assert.Equal(200, cluster.DefaultProxy.Lookups(id)[0].Status);
        Assert.Equal(1, api1.Get<DispatchCounters>().Lookups(LookupKind.Found));
        Assert.Equal(new Totals(1, 19.90m), cluster.ProcessorTotals().Default);
        var summary = await cluster.SummaryAsync(0);
        Assert.Equal(cluster.ProcessorTotals(), (summary.Default, summary.Fallback));
        Assert.Equal(new LedgerSummary(new ProcessorTotals(1, 1990), default), api1.Get<PaymentLedger>().Summarize(requestedAt, requestedAt));
        using var scrape = await cluster.Client(0).GetAsync(new Uri("metrics", UriKind.Relative));
        var metrics = PrometheusText.Parse(await scrape.Content.ReadAsStringAsync());
        Assert.Equal(1, metrics.Value("payrelay_payments_lookups_total", ("result", "found")));
        Assert.Equal(0, metrics.Value("payrelay_payments_lookups_total", ("result", "unknown")));
    }

    [Fact]
    public async Task Recover_JournaledAttemptTheDefaultNeverGot_LookedUpThenResentWithTheSameRequestedAtOnce()
    {
        using var journal = new JournalHarness();
        await using var cluster = await StartWithJournalAsync(journal);
        var (id, requestedAt) = await JournalAnUnansweredAttemptAsync(cluster, journal);

        await cluster.StartInstanceAsync(0);

        var api1 = cluster.Instance(0);
        await Eventually.HoldsAsync(() => api1.Get<PaymentLedger>().Count == 1, "api1 confirmed the recovered payment", Deadline);
        await Eventually.HoldsAsync(() => cluster.DefaultProxy!.Posts.Count == 1 && cluster.DefaultProxy.Lookups(id).Count == 1, "one lookup and one POST reached the default", Deadline);
        var lookup = cluster.DefaultProxy!.Lookups(id)[0];
        var post = cluster.DefaultProxy.Posts[0];
        Assert.Equal(404, lookup.Status);
        Assert.True(lookup.ArrivedAt < post.ArrivedAt, "the POST went before the lookup");
        Assert.Equal(200, post.Status);
        Assert.True(cluster.Default.State.TryGet(id, out var stored));
        Assert.Equal(requestedAt, stored.RequestedAt.ToUnixTimeMilliseconds());
        Assert.Equal(1, api1.Get<DispatchCounters>().Lookups(LookupKind.NotFound));
        var summary = await cluster.SummaryAsync(0);
        Assert.Equal((new Totals(1, 19.90m), default(Totals)), (summary.Default, summary.Fallback));
        Assert.Equal(cluster.ProcessorTotals(), (summary.Default, summary.Fallback));
        Assert.Equal(0, cluster.Fallback.State.Count);
    }

    [Fact]
    public async Task HandOff_PaymentWhoseAttemptTimedOut_ThePeerLooksItUpAndSendsNothing()
    {
        // api1 gives up on the default after 300 ms, but the default takes 1 s and stores every payment it is sent.
        await using var cluster = await TestCluster.StartAsync(
            o => o.InstanceId == "api1" ? o with { ProcessorTimeout = TimeSpan.FromMilliseconds(300), ShutdownTimeout = TimeSpan.FromSeconds(10) } : o,
            countHealthCalls: true);
        cluster.Default.State.DelayMilliseconds = 1000;
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));
        var api1 = cluster.Instance(0);
        await Eventually.HoldsAsync(() => api1.Get<DispatchCounters>().Uncertain >= 1 && cluster.Default.State.TryGet(id, out _), "api1's attempt timed out and the default stored it after all", Deadline);

        await cluster.StopInstanceAsync(0);

        var api2 = cluster.Instance(1);
        await Eventually.HoldsAsync(() => api2.Get<PaymentLedger>().Count == 1, "api2 confirmed the payment handed to it", Deadline);
        await Eventually.HoldsAsync(() => cluster.DefaultProxy!.Lookups(id).Count == 1, "one lookup reached the default", Deadline);
        var lookup = cluster.DefaultProxy!.Lookups(id)[0];
        var posts = cluster.DefaultProxy.Posts;
        // api1 re-sent its own timed-out attempt (same requestedAt) as it always has; api2, which took it over, asked.
        Assert.True(posts.Count >= 2, $"api1 sent {posts.Count} POSTs");
        Assert.All(posts, p => Assert.True(p.ArrivedAt < lookup.ArrivedAt, "a POST reached the default after the payment was handed off"));
        Assert.Equal(1, api2.Get<DispatchCounters>().Lookups(LookupKind.Found));
        Assert.True(cluster.Default.State.TryGet(id, out var stored));
        var all = api2.Get<PaymentLedger>().Summarize(long.MinValue, long.MaxValue);
        Assert.Equal(new ProcessorTotals(1, 1990), all.Default);
        var at = stored.RequestedAt.ToUnixTimeMilliseconds();
        Assert.Equal(all, api2.Get<PaymentLedger>().Summarize(at, at));
        Assert.Equal(0, cluster.Fallback.State.Count);
    }

    /// <summary>The pair with api1 journaling into <paramref name="journal"/>'s directory, and api1 then stopped as a crash would.</summary>
    private static async Task<TestCluster> StartWithJournalAsync(JournalHarness journal)
    {
        var cluster = await TestCluster.StartAsync(o => o.InstanceId == "api1" ? o with { JournalDirectory = journal.Directory } : o, countHealthCalls: true);
        await cluster.KillInstanceAsync(0);
        return cluster;
    }

    /// <summary>
    /// What a process killed while it waited for the default leaves in its journal: the payment accepted and an attempt at
    /// the default, with its requestedAt, and no outcome.
    /// </summary>
    private static async Task<(Guid Id, long RequestedAt)> JournalAnUnansweredAttemptAsync(TestCluster cluster, JournalHarness journal)
    {
        var store = await journal.StartAsync();
        var id = Guid.NewGuid();
        Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(id, 1990, CancellationToken.None));
        var requestedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2_000;
        await store.RecordAttemptAsync(journal.Queued()[0], ProcessorKind.Default, requestedAt, CancellationToken.None);
        cluster.NoteAccepted(id);
        return (id, requestedAt);
    }
}

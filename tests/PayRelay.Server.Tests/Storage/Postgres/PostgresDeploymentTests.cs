using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>
/// Three instances sharing one real PostgreSQL database, no peer, no balancer affinity: each scenario ends as the
/// integration suite's do, with every accepted payment charged exactly once and the summary of every instance equal to
/// the processors' books.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDeploymentTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private async Task<TestCluster> StartAsync(Func<PayRelay.Server.Configuration.ServerOptions, PayRelay.Server.Configuration.ServerOptions>? configure = null) =>
        await TestCluster.StartAsync(configure, instances: 3, postgresUrl: await postgres.NewDatabaseAsync());

    [SkippableFact]
    public async Task Payments_RoundRobinOverThreeInstances_ChargedOnceSummedAndCountedByEach()
    {
        await using var cluster = await StartAsync();

        await cluster.PostPaymentsAsync(150, 19.90m);

        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(150, 150 * 19.90m), cluster.ProcessorTotals().Default);
        await cluster.AssertRecordedAtTheStoredRequestedAtAsync(index: 2);

        // Each confirmed about a third; each counts the deployment's ledger, as its summary does (/status, /metrics).
        await Eventually.HoldsAsync(() => Enumerable.Range(0, 3).All(i => cluster.Instance(i).Get<IPaymentStore>().Count == 150), "every instance counts all 150", Deadline);
        Assert.Equal(150, await LedgerSizeAsync(cluster, 1));
    }

    private static async Task<long> LedgerSizeAsync(TestCluster cluster, int index)
    {
        using var response = await cluster.Client(index).GetAsync(new Uri("status", UriKind.Relative));
        using var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return status.RootElement.GetProperty("ledgerSize").GetInt64();
    }

    [SkippableFact]
    public async Task Status_HealthPolling_TrueWhereTheElectionIsHeld()
    {
        await using var cluster = await StartAsync();

        // One election per processor: once held, one or two instances say so in /status, and the others do not poll.
        var polling = 0;
        await Eventually.HoldsAsync(async () => (polling = await PollingInstancesAsync(cluster)) >= 1, "an instance reports that it polls", Deadline);

        Assert.InRange(polling, 1, 2);
    }

    private static async Task<int> PollingInstancesAsync(TestCluster cluster)
    {
        var polling = 0;
        for (var i = 0; i < cluster.Count; i++)
        {
            using var response = await cluster.Client(i).GetAsync(new Uri("status", UriKind.Relative));
            using var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            polling += status.RootElement.GetProperty("healthPolling").GetBoolean() ? 1 : 0;
        }

        return polling;
    }

    [SkippableFact]
    public async Task SameCorrelationId_AtTwoInstancesAtTheSameInstant_ChargedOnceAndOtherAmountIs409()
    {
        await using var cluster = await StartAsync();
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();

        foreach (var id in ids)
        {
            using var go = new ManualResetEventSlim();
            var posts = Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
            {
                go.Wait();
                return await cluster.PostPaymentAsync(i, id);
            })).ToArray();
            go.Set();
            Assert.All(await Task.WhenAll(posts), status => Assert.Equal(HttpStatusCode.Accepted, status));
        }

        using var conflict = await cluster.PostRawAsync(1, TestCluster.PaymentJson(ids[0], 25.00m));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        await cluster.AssertConsistentAsync();
        Assert.Equal(40, cluster.Default.State.Count + cluster.Fallback.State.Count);
        Assert.Equal(40, cluster.Counter(c => c.Accepted));
    }

    [SkippableFact]
    public async Task Payments_DefaultFailingLongerThanFallbackAfter_SomeGoToFallbackNoneLostOrChargedTwice()
    {
        await using var cluster = await StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(1) });
        cluster.Default.State.Failing = true;

        await cluster.PostPaymentsAsync(60);
        await Eventually.HoldsAsync(() => cluster.Fallback.State.Count > 0, "payments waited past FallbackAfter reach the fallback", Deadline);
        cluster.Default.State.Failing = false;
        await cluster.PostPaymentsAsync(60);

        await cluster.AssertConsistentAsync();
        Assert.True(cluster.ProcessorTotals().Fallback.Requests > 0);
    }

    [SkippableFact]
    public async Task Payments_BothProcessorsFailingThenRecovering_AllConfirmedOnce()
    {
        await using var cluster = await StartAsync(o => o with { FallbackAfter = TimeSpan.FromMilliseconds(300) });
        cluster.Default.State.Failing = true;
        cluster.Fallback.State.Failing = true;

        await cluster.PostPaymentsAsync(60);
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 3).All(i => cluster.Instance(i).Get<Dispatcher>().Monitor(ProcessorKind.Fallback).Failures >= 2),
            "every instance has seen both processors fail",
            Deadline);
        cluster.Default.State.Failing = false;
        cluster.Fallback.State.Failing = false;

        await cluster.AssertConsistentAsync();
        Assert.Equal(60, cluster.Counter(c => c.Confirmed));
    }

    [SkippableFact]
    public async Task Payments_BothProcessorsSlowerThanTimeout_ResolvedWhereFirstSentAndRecordedOnce()
    {
        await using var cluster = await StartAsync(o => o with { ProcessorTimeout = TimeSpan.FromMilliseconds(300), FallbackAfter = TimeSpan.FromMilliseconds(300) });
        cluster.Default.State.DelayMilliseconds = 600;
        cluster.Fallback.State.DelayMilliseconds = 600;

        await cluster.PostPaymentsAsync(30);
        await Eventually.HoldsAsync(() => cluster.Counter(c => c.Uncertain) > 0, "some attempts timed out", Deadline);
        cluster.Default.State.DelayMilliseconds = 0;
        cluster.Fallback.State.DelayMilliseconds = 0;

        await cluster.AssertConsistentAsync(TimeSpan.FromSeconds(30));
    }

    [SkippableFact]
    public async Task Instance_CrashedWhileHoldingPayments_OthersTakeThemOverAfterTheLease()
    {
        await using var cluster = await StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(60) });
        cluster.Default.State.Failing = true;
        await cluster.PostPaymentsAsync(30, onlyTo: 0);
        await cluster.PostPaymentsAsync(30);
        await Eventually.HoldsAsync(() => cluster.Instance(0).Get<Dispatcher>().Monitor(ProcessorKind.Default).Failures >= 2, "api1 holds payments it cannot send", Deadline);

        await cluster.CrashInstanceAsync(0);
        cluster.Default.State.Failing = false;

        await cluster.AssertConsistentAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(60, cluster.Default.State.Count);
    }

    [SkippableFact]
    public async Task Instance_StoppedGracefully_ReleasesItsPaymentsToTheOthersAtOnce()
    {
        await using var cluster = await StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(60), ShutdownTimeout = TimeSpan.FromSeconds(2) });
        cluster.Default.State.Failing = true;
        await cluster.PostPaymentsAsync(30, onlyTo: 1);

        await cluster.StopInstanceAsync(1);
        cluster.Default.State.Failing = false;

        await cluster.AssertConsistentAsync();
        Assert.Equal(30, cluster.Default.State.Count);
    }

    [SkippableFact]
    public async Task Purge_AtOneInstance_ClearsTheWholeDeployment()
    {
        await using var cluster = await StartAsync();
        await cluster.PostPaymentsAsync(30);
        await cluster.AssertConsistentAsync();

        await Eventually.HoldsAsync(() => Enumerable.Range(0, 3).All(i => cluster.Instance(i).Get<IPaymentStore>().Count == 30), "every instance counts all 30", Deadline);
        using var purge = await cluster.Client(2).PostAsync("purge-payments", null);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);

        for (var i = 0; i < 3; i++)
        {
            var summary = await cluster.SummaryAsync(i);
            Assert.Equal(0, summary.Default.Requests + summary.Fallback.Requests);
        }

        await Eventually.HoldsAsync(() => Enumerable.Range(0, 3).All(i => cluster.Instance(i).Get<IPaymentStore>().Count == 0), "every instance counts nothing after the purge", Deadline);
    }
}

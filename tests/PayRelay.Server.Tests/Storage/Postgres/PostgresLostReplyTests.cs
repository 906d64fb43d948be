using System.Diagnostics;
using System.Net;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Postgres;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>
/// An accept whose insert commits but whose answer never reaches the instance (the connection drops after the commit):
/// the client hears 503, the row is in the database and owned by an instance that is alive and does not hold it. That
/// owner finds it and dispatches it itself, once, without anyone's lease lapsing. And the sweep that finds it never
/// queues a payment that its instance already holds.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLostReplyTests(PostgresFixture postgres)
{
    /// <summary>
    /// With the test cluster's 1 s lease: a lost row is looked at once it is two leases old, by a sweep that runs once
    /// per lease, so it is queued within about 3.25 s; the rest is slack for a loaded machine.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task Accept_CommittedButAnswerLost_OwnerDispatchesItOnceWhileItRuns()
    {
        var database = await postgres.Cluster.CreateDatabaseAsync();
        await using var cutter = PostgresReplyCutter.Start(postgres.Cluster.Directory, PostgresCluster.SocketPort);
        await using var cluster = await TestCluster.StartAsync(instances: 2, postgresUrl: cutter.ConnectionString(database));
        var id = Guid.NewGuid();
        var cut = cutter.CutReplyTo("INSERT INTO payments (");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await cluster.PostPaymentAsync(0, id));
        await cut.WaitAsync(TimeSpan.FromSeconds(5));
        var lostAt = Stopwatch.GetTimestamp();
        var owner = Store(cluster, 0).Owner;
        Assert.Equal($"{owner}|f", await postgres.Cluster.Psql(database, $"SELECT lease_owner, done FROM payments WHERE correlation_id = '{id}'"));

        // The client's retry at the same instance is a repeat: 202, and still one payment; another amount is a 409.
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));
        using var conflict = await cluster.PostRawAsync(1, TestCluster.PaymentJson(id, 25.00m));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        await Eventually.HoldsAsync(() => cluster.Default.State.TryGet(id, out _), "the lost payment reaches the processor while its owner runs", Bound);
        Assert.True(Stopwatch.GetElapsedTime(lostAt) < Bound);
        await cluster.AssertConsistentAsync();
        Assert.Equal(1, cluster.Default.State.Count);

        // Its owner's sweep queued it, never having let its lease lapse: the row is still api1's, and api2 took nothing.
        Assert.Equal($"{owner}|t", await postgres.Cluster.Psql(database, $"SELECT lease_owner, done FROM payments WHERE correlation_id = '{id}'"));
        Assert.Equal(1, Store(cluster, 0).SweepQueued);
        Assert.Equal(0, Store(cluster, 1).SweepQueued);
    }

    [SkippableFact]
    public async Task Sweep_UnderLoadWithEveryPaymentHeldPastTheGrace_QueuesNoneTwice()
    {
        // Attempts time out at a failing default: every payment stays open and held (queued, in an attempt, or pinned with
        // its attempt recorded) well past the grace, so each sweep reads rows that a normal path holds.
        await using var cluster = await TestCluster.StartAsync(
            o => o with { ProcessorTimeout = TimeSpan.FromMilliseconds(300), FallbackAfter = TimeSpan.FromSeconds(60) },
            instances: 3,
            postgresUrl: await postgres.NewDatabaseAsync());
        cluster.Default.State.Failing = true;
        cluster.Default.State.DelayMilliseconds = 400;

        await cluster.PostPaymentsAsync(300);
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, 3).Sum(i => Store(cluster, i).SweepSeen) >= 2 * 300,
            "the sweeps have read every held payment twice on average",
            TimeSpan.FromSeconds(20));
        Assert.Equal(300, Enumerable.Range(0, 3).Sum(i => Store(cluster, i).HeldCount));
        cluster.Default.State.Failing = false;
        cluster.Default.State.DelayMilliseconds = 0;

        await cluster.AssertConsistentAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Enumerable.Range(0, 3).Sum(i => Store(cluster, i).SweepQueued));
        Assert.Equal(0, cluster.Counter(c => c.ChargedElsewhere));
        Assert.Equal(300, cluster.Counter(c => c.Confirmed));

        // Every copy that ended was forgotten: nothing stays marked as held.
        await Eventually.HoldsAsync(() => Enumerable.Range(0, 3).All(i => Store(cluster, i).HeldCount == 0), "no instance marks a payment held once all are confirmed", TimeSpan.FromSeconds(5));
    }

    private static PostgresStore Store(TestCluster cluster, int index) => (PostgresStore)cluster.Instance(index).Get<IPaymentStore>();
}

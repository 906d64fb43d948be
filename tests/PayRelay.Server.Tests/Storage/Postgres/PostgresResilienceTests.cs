using System.Diagnostics;
using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>
/// The deployment's shared parts under stress: the elected health poller dies and the database restarts under load.
/// Both end as every scenario does: each accepted payment charged once, every instance's summary equal to the books.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresResilienceTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task HealthPoll_ElectedInstanceCrashesAndReturns_OneCallPerWindowAndEveryInstanceSeesIt()
    {
        await using var cluster = await TestCluster.StartAsync(countHealthCalls: true, instances: 3, postgresUrl: await postgres.NewDatabaseAsync());
        await Eventually.HoldsAsync(() => Math.Min(cluster.DefaultProxy!.HealthCalls.Count, cluster.FallbackProxy!.HealthCalls.Count) >= 3, "the processors are polled", Deadline);
        Assert.All(Enumerable.Range(0, 3), i => Assert.NotNull(cluster.Instance(i).Get<HealthBoard>().Latest(ProcessorKind.Default)));

        var poller = cluster.Instance(0).Get<HealthBoard>().Latest(ProcessorKind.Default)!.Source;
        var index = int.Parse(poller["api".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;
        await cluster.CrashInstanceAsync(index);
        var crashedAt = Stopwatch.GetTimestamp();
        await Eventually.HoldsAsync(() => cluster.DefaultProxy!.HealthCalls.Count(c => c.ArrivedAt > crashedAt) >= 2, "another instance polls after the crash", Deadline);
        await cluster.StartInstanceAsync(index);
        var restartedAt = Stopwatch.GetTimestamp();
        await Eventually.HoldsAsync(() => cluster.FallbackProxy!.HealthCalls.Count(c => c.ArrivedAt > restartedAt) >= 2, "polls go on after the restart", Deadline);

        foreach (var (name, proxy) in new[] { ("default", cluster.DefaultProxy!), ("fallback", cluster.FallbackProxy!) })
        {
            var calls = proxy.HealthCalls;
            var gaps = calls.Zip(calls.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.ArrivedAt, b.ArrivedAt)).ToList();
            var report = string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0}"));
            Assert.All(calls, c => Assert.True(c.Status == 200, $"{name}: a health call got {c.Status}; gaps (ms): {report}"));
            Assert.All(gaps, g => Assert.True(g >= TestCluster.HealthWindow, $"{name}: two health calls within one window; gaps (ms): {report}"));
        }
    }

    [SkippableFact]
    public async Task Database_RestartedUnderLoad_NothingAcceptedIsLostOrChargedTwice()
    {
        // A cluster of its own: restarting the shared one would cut the other tests' connections.
        await using var database = await PostgresCluster.StartAsync();
        await database.CreateDatabaseAsync();
        var name = await database.CreateDatabaseAsync();
        await using var cluster = await TestCluster.StartAsync(instances: 3, postgresUrl: database.ConnectionString(name));
        using var stop = new CancellationTokenSource();
        var refused = 0;
        var load = Task.Run(async () =>
        {
            var sent = 0;
            while (!stop.IsCancellationRequested)
            {
                var status = await cluster.PostPaymentAsync(sent++ % 3, Guid.NewGuid());
                if (status != HttpStatusCode.Accepted)
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                    Interlocked.Increment(ref refused);
                }

                await Task.Delay(5);
            }
        });
        await Eventually.HoldsAsync(() => cluster.AcceptedIds.Count >= 100, "payments flow before the restart", Deadline);

        await database.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await database.StartServerAsync();
        var acceptedAtRestart = cluster.AcceptedIds.Count;
        await Eventually.HoldsAsync(() => cluster.AcceptedIds.Count >= acceptedAtRestart + 100, "payments flow again after the restart", Deadline);
        await stop.CancelAsync();
        await load;

        Assert.True(refused > 0, "the outage was seen: some payments were refused with 503 while the database was down");
        await cluster.AssertConsistentAsync(TimeSpan.FromSeconds(40));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Postgres;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>
/// A lapsed owner's payment whose attempt is recorded (it died waiting for the answer) is taken over pinned to that
/// processor, and looked up there before anything is re-sent.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTakeOverTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [SkippableFact]
    public async Task TakeOver_LapsedOwnersAttemptTheFailingDefaultStored_ConfirmedByALookupWithoutAnyPost()
    {
        await using var cluster = await TestCluster.StartAsync(countHealthCalls: true, instances: 2, postgresUrl: await postgres.NewDatabaseAsync());
        var id = Guid.NewGuid();
        var requestedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2_000;
        // The attempt the dead owner sent was stored; the default fails every POST now.
        Assert.True(cluster.Default.State.TryStore(id, 19.90m, DateTimeOffset.FromUnixTimeMilliseconds(requestedAt)));
        cluster.Default.State.Failing = true;

        await RecordAndDieAsync(cluster.PostgresUrl!, id, ProcessorKind.Default, requestedAt);
        cluster.NoteAccepted(id);

        await Eventually.HoldsAsync(() => cluster.Counter(c => c.Confirmed) == 1, "an instance took the payment over and confirmed it", TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => cluster.DefaultProxy!.Lookups(id).Count == 1, "one lookup reached the default", TimeSpan.FromSeconds(5));
        Assert.Empty(cluster.DefaultProxy!.Posts);
        Assert.Equal(1, cluster.Counter(c => c.Lookups(LookupKind.Found)));
        for (var i = 0; i < cluster.Count; i++)
        {
            var summary = await cluster.SummaryAsync(i, TestCluster.Query(DateTimeOffset.FromUnixTimeMilliseconds(requestedAt), DateTimeOffset.FromUnixTimeMilliseconds(requestedAt)));
            Assert.Equal((new Totals(1, 19.90m), default(Totals)), (summary.Default, summary.Fallback));
            Assert.Equal(cluster.ProcessorTotals(), (summary.Default, summary.Fallback));
        }
    }

    [SkippableFact]
    public async Task RecordOutcome_ConfirmedWithTheAmountTheProcessorHolds_RowsAndRollupCountIt()
    {
        const long At = 1_764_000_000_500;
        var options = new ServerOptions { InstanceId = "held", Store = StoreKind.Postgres, PostgresUrl = await postgres.NewDatabaseAsync() };
        await using var database = new PostgresDatabase(options);
        await PostgresSchema.MigrateAsync(database.Source, None);
        var store = new PostgresStore(database, new PaymentIntake(10), options, TimeProvider.System, NullLogger<PostgresStore>.Instance);
        try
        {
            await store.RecoverAsync(None);
            var id = Guid.NewGuid();
            Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(id, 1990, None));

            // A lookup found it stored with another amount: the auditor compares with that one.
            Assert.True(await store.RecordOutcomeAsync(new PendingPayment(id, 1990, 0, store.Generation), PaymentOutcome.Confirmed(ProcessorKind.Default, At, heldCents: 2005), None));

            var expected = new PayRelay.Server.Ledger.LedgerSummary(new PayRelay.Server.Ledger.ProcessorTotals(1, 2005), default);
            Assert.Equal(expected, await store.SummarizeAsync(At, At, None));
            Assert.Equal(expected, await store.SummarizeAsync(At - 5_000, At + 5_000, None));
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>An instance of its own on the database: it accepts the payment, records an attempt, and dies without a word.</summary>
    private static async Task RecordAndDieAsync(string postgresUrl, Guid id, ProcessorKind processor, long requestedAt)
    {
        var options = new ServerOptions { InstanceId = "lapsed", Store = StoreKind.Postgres, PostgresUrl = postgresUrl, PostgresLease = TimeSpan.FromSeconds(2) };
        await using var database = new PostgresDatabase(options);
        var store = new PostgresStore(database, new PaymentIntake(10), options, TimeProvider.System, NullLogger<PostgresStore>.Instance);
        await store.RecoverAsync(None);
        Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(id, 1990, None));
        await store.RecordAttemptAsync(new PendingPayment(id, 1990, 0, store.Generation), processor, requestedAt, None);
        store.Abandon();
        await store.DisposeAsync();
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Postgres;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>
/// The summary reads whole seconds from the per-second rollup and the two edge seconds from the rows: whatever the
/// window, it must equal the plain sum over confirmed payments with both bounds inclusive to the millisecond.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSummaryTests(PostgresFixture postgres)
{
    private const long Start = 1_764_000_000_000;

    [Theory]
    [InlineData(1_500, 1_500, 1_500, 0, -1, 1)] // one millisecond: rows only, no second edge
    [InlineData(1_000, 1_999, 1_999, 0, -1, 1)] // one whole second: still rows only
    [InlineData(1_999, 2_000, 1_999, 2_000, 2_000, 1)] // two adjacent seconds: both edges, no rollup
    [InlineData(1_500, 4_200, 1_999, 4_000, 4_200, 1)] // edges [1500, 1999] and [4000, 4200], rollup seconds 2 and 3
    [InlineData(-1_500, 1_200, -1_001, 1_000, 1_200, -2)] // negative times floor: first second is -2
    public void Bounds_SplitTheRangeIntoTwoEdgesAndTheSecondsBetween(long from, long to, long firstEdgeEnd, long lastEdgeStart, long lastEdgeEnd, long firstSecond)
    {
        var bounds = SummaryBounds.Of(from, to);

        Assert.Equal(firstSecond, bounds.FirstSecond);
        Assert.Equal(firstEdgeEnd, bounds.FirstEdgeEnd);
        Assert.Equal(lastEdgeStart, bounds.LastEdgeStart);
        Assert.Equal(lastEdgeEnd, bounds.LastEdgeEnd);
    }

    [Fact]
    public void Bounds_ExtremeRange_DoesNotOverflow()
    {
        var bounds = SummaryBounds.Of(long.MinValue, long.MaxValue);

        Assert.True(bounds.FirstEdgeEnd > long.MinValue && bounds.FirstEdgeEnd < bounds.LastEdgeStart);
        Assert.Equal(long.MaxValue, bounds.LastEdgeEnd);
        Assert.Equal(bounds.FirstEdgeEnd + 1, (bounds.FirstSecond + 1) * 1000);
        Assert.Equal(bounds.LastEdgeStart, bounds.LastSecond * 1000);
    }

    [SkippableFact]
    public async Task Summarize_RandomWindowsWithEdgeMilliseconds_EqualsTheSumOverConfirmedRows()
    {
        await using var store = await StartStoreAsync();
        var random = new Random(19);
        var confirmations = new List<(Guid Id, long Cents, ProcessorKind Processor, long RequestedAt)>();
        for (var i = 0; i < 600; i++)
        {
            // Many payments share seconds and milliseconds, and some sit exactly on second boundaries.
            var requestedAt = Start + (random.Next(0, 8) * 1000) + (i % 5 == 0 ? (i % 2 == 0 ? 0 : 999) : random.Next(0, 1000));
            confirmations.Add((Guid.NewGuid(), random.Next(1, 100_000), (ProcessorKind)random.Next(0, 2), requestedAt));
        }

        await ConfirmAsync(store.Store, confirmations);
        var times = confirmations.Select(c => c.RequestedAt).Distinct().ToArray();

        for (var i = 0; i < 200; i++)
        {
            // Bounds on a payment's own millisecond, one either side of it, or anywhere: inclusive edges must count exactly.
            long Pick() => times[random.Next(times.Length)] + random.Next(-1, 2) + (random.Next(4) == 0 ? random.Next(-3000, 3000) : 0);
            var (a, b) = (Pick(), Pick());
            var (from, to) = (Math.Min(a, b), Math.Max(a, b));

            var summary = await store.Store.SummarizeAsync(from, to, CancellationToken.None);

            Assert.Equal(Expected(confirmations, from, to), summary);
        }

        Assert.Equal(Expected(confirmations, long.MinValue, long.MaxValue), await store.Store.SummarizeAsync(long.MinValue, long.MaxValue, CancellationToken.None));
        Assert.Equal(default, await store.Store.SummarizeAsync(Start + 5000, Start + 4999, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Confirm_Concurrently_RollupEqualsTheRowsAndPurgeClearsIt()
    {
        await using var store = await StartStoreAsync();
        var confirmations = Enumerable.Range(0, 400)
            .Select(i => (Guid.NewGuid(), (long)(100 + i), (ProcessorKind)(i % 2), Start + (i % 3 * 1000) + (i % 7)))
            .ToList();

        // Many concurrent confirmations land in the same few seconds: grouped, they upsert the same rollup rows.
        await Task.WhenAll(confirmations.Chunk(50).Select(chunk => Task.Run(() => ConfirmAsync(store.Store, [.. chunk]))));

        Assert.Equal(0L, await Scalar(store.Source, """
            SELECT count(*) FROM (
                SELECT processor, floor(requested_at / 1000.0)::bigint AS second, count(*) AS count, sum(amount_cents)::bigint AS cents
                FROM payments WHERE processor IS NOT NULL GROUP BY 1, 2) r
            FULL JOIN payments_per_second s USING (processor, second)
            WHERE r.count IS DISTINCT FROM s.count OR r.cents IS DISTINCT FROM s.cents
            """));
        Assert.Equal(6L, await Scalar(store.Source, "SELECT count(*) FROM payments_per_second"));

        await store.Store.PurgeAsync(CancellationToken.None);

        Assert.Equal(0L, await Scalar(store.Source, "SELECT count(*) FROM payments_per_second"));
        Assert.Equal(default, await store.Store.SummarizeAsync(long.MinValue, long.MaxValue, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Migrate_FromVersionOneWithConfirmedPayments_BackfillsTheRollup()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var v1 = source.CreateCommand(PostgresSchema.Migrations[0] +
            """
            ;CREATE TABLE payrelay_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO payrelay_schema (version) VALUES (1);
            INSERT INTO payments (correlation_id, amount_cents, lease_owner, processor, requested_at, done)
            SELECT gen_random_uuid(), i, 'old', (i % 2)::smallint, 1764000000000 + i * 7, true FROM generate_series(1, 1000) AS i;
            INSERT INTO payments (correlation_id, amount_cents, lease_owner) VALUES (gen_random_uuid(), 5, 'old');
            """))
        {
            await v1.ExecuteNonQueryAsync();
        }

        var found = await PostgresSchema.MigrateAsync(source, CancellationToken.None);

        Assert.Equal(1, found);
        // Payments 1..1000 at Start + 7i: processor 1 has the odd i (500 of them, cents 250,000), processor 0 the even (500, 250,500).
        Assert.Equal(1000L, await Scalar(source, "SELECT sum(count)::bigint FROM payments_per_second"));
        Assert.Equal(500_500L, await Scalar(source, "SELECT sum(cents)::bigint FROM payments_per_second"));
        Assert.Equal(250_000L, await Scalar(source, "SELECT sum(cents)::bigint FROM payments_per_second WHERE processor = 1"));
        Assert.Equal(8L, await Scalar(source, "SELECT count(DISTINCT second) FROM payments_per_second"));
    }

    private static LedgerSummary Expected(List<(Guid Id, long Cents, ProcessorKind Processor, long RequestedAt)> confirmations, long from, long to)
    {
        ProcessorTotals Of(ProcessorKind kind)
        {
            var inside = confirmations.Where(c => c.Processor == kind && c.RequestedAt >= from && c.RequestedAt <= to).ToList();
            return new ProcessorTotals(inside.Count, inside.Sum(c => c.Cents));
        }

        return new LedgerSummary(Of(ProcessorKind.Default), Of(ProcessorKind.Fallback));
    }

    private static async Task ConfirmAsync(PostgresStore store, List<(Guid Id, long Cents, ProcessorKind Processor, long RequestedAt)> confirmations)
    {
        foreach (var (id, cents, _, _) in confirmations)
        {
            Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(id, cents, CancellationToken.None));
        }

        await Task.WhenAll(confirmations.Select(async c =>
        {
            var payment = new PendingPayment(c.Id, c.Cents, 0, store.Generation);
            Assert.True(await store.RecordOutcomeAsync(payment, PaymentOutcome.Confirmed(c.Processor, c.RequestedAt), CancellationToken.None));
        }));
    }

    private async Task<StartedStore> StartStoreAsync()
    {
        var options = new ServerOptions { InstanceId = "summary", Store = StoreKind.Postgres, PostgresUrl = await postgres.NewDatabaseAsync() };
        var database = new PostgresDatabase(options);
        await PostgresSchema.MigrateAsync(database.Source, CancellationToken.None);
        var store = new PostgresStore(database, new PaymentIntake(100_000), options, TimeProvider.System, NullLogger<PostgresStore>.Instance);
        await store.RecoverAsync(CancellationToken.None);
        return new StartedStore(database, store);
    }

    private static async Task<long> Scalar(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record StartedStore(PostgresDatabase Database, PostgresStore Store) : IAsyncDisposable
    {
        public NpgsqlDataSource Source => Database.Source;

        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}

using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Server.Storage.Journaling;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Storage;

/// <summary>What a journaled store promises across a restart: nothing accepted is lost, nothing counts twice.</summary>
public sealed class EmbeddedStoreJournalTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Recover_AfterAbandonedStore_LedgerWholeAndOpenPaymentsQueuedInAcceptanceOrder()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(id, 1990, None));
        }

        var queued = journal.Queued();
        await store.RecordAttemptAsync(queued[0], ProcessorKind.Default, 1_000, None);
        await store.RecordOutcomeAsync(queued[0], PaymentOutcome.Confirmed(ProcessorKind.Default, 1_000), None);
        await store.RecordAttemptAsync(queued[1], ProcessorKind.Fallback, 2_000, None);
        await store.RecordOutcomeAsync(queued[1], PaymentOutcome.Confirmed(ProcessorKind.Fallback, 2_000), None);
        await store.RecordAttemptAsync(queued[2], ProcessorKind.Default, 3_000, None);
        await store.RecordOutcomeAsync(queued[2], PaymentOutcome.ChargedElsewhere(ProcessorKind.Default), None);
        await store.RecordAttemptAsync(queued[3], ProcessorKind.Default, 4_000, None);
        await store.RecordOutcomeAsync(queued[3], PaymentOutcome.NotStored(ProcessorKind.Default), None);
        // ids[4]: accepted, never sent. ids[5]: sent to the fallback, outcome unknown (the process died waiting).
        await store.RecordAttemptAsync(queued[5], ProcessorKind.Fallback, 6_000, None);

        store = await journal.StartAsync();

        var summary = await store.SummarizeAsync(long.MinValue, long.MaxValue, None);
        Assert.Equal(new ProcessorTotals(1, 1990), summary.Default);
        Assert.Equal(new ProcessorTotals(1, 1990), summary.Fallback);
        Assert.Equal(3, journal.Recovered);
        var again = journal.Queued();
        Assert.Equal([ids[3], ids[4]], again.Select(p => p.CorrelationId));
        Assert.All(again, p => Assert.Null(p.PinnedTo));
        var pinned = Assert.Single(journal.Resumed);
        Assert.Equal(ids[5], pinned.CorrelationId);
        Assert.Equal(ProcessorKind.Fallback, pinned.PinnedTo);
        Assert.Equal(6_000, pinned.RequestedAt);
        Assert.Equal(1990, pinned.AmountCents);
        // The attempt was this store's previous life's: the processor is asked before anything is re-sent.
        Assert.True(pinned.AskFirst);
        Assert.All(again, p => Assert.False(p.AskFirst));
    }

    [Fact]
    public async Task RecordOutcome_ConfirmedWithTheAmountTheProcessorHolds_LedgerAndReplayCountIt()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        await store.AcceptAsync(Guid.NewGuid(), 1990, None);
        var payment = journal.Queued()[0];
        await store.RecordAttemptAsync(payment, ProcessorKind.Default, 5_000, None);

        // A lookup found it stored with another amount and requestedAt: the auditor compares with those.
        Assert.True(await store.RecordOutcomeAsync(payment, PaymentOutcome.Confirmed(ProcessorKind.Default, 5_007, heldCents: 2005), None));

        var expected = new LedgerSummary(new ProcessorTotals(1, 2005), default);
        Assert.Equal(expected, await store.SummarizeAsync(5_007, 5_007, None));
        store = await journal.StartAsync();
        Assert.Equal(expected, await store.SummarizeAsync(5_007, 5_007, None));
        Assert.Empty(journal.Resumed);
    }

    [Fact]
    public async Task RecordOutcome_MemoryOnlyConfirmedWithTheAmountTheProcessorHolds_LedgerCountsIt()
    {
        var intake = new PaymentIntake(10);
        await using var store = new EmbeddedStore(new PaymentLedger(), intake, TimeProvider.System);
        await store.RecoverAsync(None);
        await store.AcceptAsync(Guid.NewGuid(), 1990, None);
        var payment = intake.TakeRemaining()[0];

        Assert.True(await store.RecordOutcomeAsync(payment, PaymentOutcome.Confirmed(ProcessorKind.Fallback, 9, heldCents: 1989), None));

        Assert.Equal(new LedgerSummary(default, new ProcessorTotals(1, 1989)), await store.SummarizeAsync(9, 9, None));
    }

    [Fact]
    public async Task Recover_KeepsAcceptanceTime()
    {
        var clock = new ManualTimeProvider();
        using var journal = new JournalHarness(time: clock);
        var store = await journal.StartAsync();
        await store.AcceptAsync(Guid.NewGuid(), 1990, None);
        clock.Advance(TimeSpan.FromSeconds(7));

        await journal.StartAsync();

        // Its age counts from the first acceptance, not from the restart.
        Assert.Equal(TimeSpan.FromSeconds(7), clock.GetElapsedTime(journal.Queued()[0].AcceptedAtTimestamp));
    }

    [Fact]
    public async Task Accept_AfterRestart_RepeatIsDuplicateAndOtherAmountIsConflict()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        var open = Guid.NewGuid();
        var confirmed = Guid.NewGuid();
        await store.AcceptAsync(open, 1990, None);
        await store.AcceptAsync(confirmed, 2005, None);
        var payment = journal.Queued()[1];
        await store.RecordOutcomeAsync(payment, PaymentOutcome.Confirmed(ProcessorKind.Default, 5), None);

        store = await journal.StartAsync();

        Assert.Equal(AcceptResult.Duplicate, await store.AcceptAsync(open, 1990, None));
        Assert.Equal(AcceptResult.Duplicate, await store.AcceptAsync(confirmed, 2005, None));
        Assert.Equal(AcceptResult.Conflict, await store.AcceptAsync(confirmed, 2000, None));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Purge_ThenCrash_RestartsEmpty()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            await store.AcceptAsync(Guid.NewGuid(), 1990, None);
        }

        foreach (var payment in journal.Queued().Take(5))
        {
            await store.RecordOutcomeAsync(payment, PaymentOutcome.Confirmed(ProcessorKind.Default, 1), None);
        }

        await store.PurgeAsync(None);
        var after = Guid.NewGuid();
        await store.AcceptAsync(after, 1990, None);
        // The purge truncated the journal: only the segment written after it is left.
        Assert.Single(journal.Files("log-*"));

        store = await journal.StartAsync();

        Assert.Equal(0, store.Count);
        Assert.Equal(after, Assert.Single(journal.Queued()).CorrelationId);
    }

    [Fact]
    public async Task Recover_TornTail_IgnoredAndCutOff()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        var kept = Guid.NewGuid();
        await store.AcceptAsync(kept, 1990, None);
        await store.DisposeAsync();
        var log = Path.Combine(journal.Directory, journal.Files("log-*")[^1]);
        var whole = new FileInfo(log).Length;
        // Half a record: the process died in the middle of its write.
        var torn = new byte[JournalRecord.Size];
        new JournalRecord(RecordType.Accepted, Guid.NewGuid(), 1990, 1).Write(torn);
        await using (var file = new FileStream(log, FileMode.Append))
        {
            file.Write(torn, 0, JournalRecord.Size / 2);
        }

        await journal.StartAsync();

        Assert.Equal(kept, Assert.Single(journal.Queued()).CorrelationId);
        Assert.Equal(whole, new FileInfo(log).Length);
    }

    [Fact]
    public async Task Recover_GarbledLastRecord_IgnoredAsTornTail()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        await store.AcceptAsync(Guid.NewGuid(), 1990, None);
        await store.AcceptAsync(Guid.NewGuid(), 1990, None);
        await store.DisposeAsync();
        var log = Path.Combine(journal.Directory, journal.Files("log-*")[^1]);
        Flip(log, JournalRecord.Size + 20);

        await journal.StartAsync();

        Assert.Single(journal.Queued());
    }

    [Fact]
    public async Task Recover_CorruptMiddle_StopsNamingFileAndOffset()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await store.AcceptAsync(Guid.NewGuid(), 1990, None);
        }

        await store.DisposeAsync();
        var log = Path.Combine(journal.Directory, journal.Files("log-*")[^1]);
        Flip(log, JournalRecord.Size + 20);

        var e = await Assert.ThrowsAsync<JournalCorruptException>(() => journal.StartAsync());

        Assert.Equal(log, e.Path);
        Assert.Equal(JournalRecord.Size, e.Offset);
        Assert.Contains(log, e.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {JournalRecord.Size}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compaction_SnapshotReplacesSegmentsAndRestartIsTheSame()
    {
        using var journal = new JournalHarness(segmentLimitBytes: 100 * JournalRecord.Size);
        var store = await journal.StartAsync();
        var open = new List<Guid>();
        for (var i = 0; i < 300; i++)
        {
            var id = Guid.NewGuid();
            await store.AcceptAsync(id, 1000 + i, None);
            var payment = journal.Queued()[0];
            if (i % 3 == 0)
            {
                open.Add(id);
                if (i % 2 == 0)
                {
                    await store.RecordAttemptAsync(payment, ProcessorKind.Default, i, None);
                }
            }
            else
            {
                await store.RecordOutcomeAsync(payment, PaymentOutcome.Confirmed(i % 2 == 0 ? ProcessorKind.Default : ProcessorKind.Fallback, i), None);
            }
        }

        await Eventually.HoldsAsync(() => journal.Files("snap-*.snap").Length > 0, "a snapshot was written");
        var expected = await store.SummarizeAsync(long.MinValue, long.MaxValue, None);
        await store.CloseAsync([], None);
        Assert.True(journal.Files("log-*").Length <= 3, string.Join(",", journal.Files()));

        store = await journal.StartAsync();

        Assert.Equal(expected, await store.SummarizeAsync(long.MinValue, long.MaxValue, None));
        var recovered = journal.Queued().Concat(journal.Resumed).Select(p => p.CorrelationId).Order().ToList();
        Assert.Equal(open.Order().ToList(), recovered);
        Assert.Equal(50, journal.Resumed.Count);
        Assert.Equal(AcceptResult.Conflict, await store.AcceptAsync(open[0], 1, None));
    }

    [Theory]
    [InlineData(JournalSync.Batch)]
    [InlineData(JournalSync.Always)]
    public async Task Accept_SyncingModes_AcceptAndRecover(JournalSync sync)
    {
        using var journal = new JournalHarness(sync);
        var store = await journal.StartAsync();
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();

        var results = await Task.WhenAll(ids.Select(id => store.AcceptAsync(id, 1990, None).AsTask()));

        Assert.All(results, r => Assert.Equal(AcceptResult.Accepted, r));
        Assert.Equal(50, journal.Queued().Count);
        await journal.StartAsync();
        Assert.Equal(ids.Order(), journal.Queued().Select(p => p.CorrelationId).Order());
    }

    [Fact]
    public async Task Accept_BeforeRecovery_Recovering()
    {
        using var journal = new JournalHarness();
        var store = new EmbeddedStore(new PaymentLedger(), new PaymentIntake(10), TimeProvider.System, journal.Options);

        Assert.Equal(StoreState.Recovering, store.State);
        Assert.Equal(AcceptResult.Recovering, await store.AcceptAsync(Guid.NewGuid(), 1, None));
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Adopt_JournaledBeforeItReturns_AndAHandedOffPaymentIsNotRecoveredBySender()
    {
        using var sender = new JournalHarness();
        using var receiver = new JournalHarness();
        var from = await sender.StartAsync();
        var to = await receiver.StartAsync();
        var id = Guid.NewGuid();
        await from.AcceptAsync(id, 1990, None);
        var payment = sender.Queued()[0];
        await from.RecordAttemptAsync(payment, ProcessorKind.Default, 77, None);
        payment.PinnedTo = ProcessorKind.Default;
        payment.RequestedAt = 77;

        Assert.Equal(1, await to.AdoptAsync([HandedOffPayment.Of(payment, TimeProvider.System)], None));
        await from.MarkHandedOffAsync([payment], None);
        Assert.Equal(0, await to.AdoptAsync([HandedOffPayment.Of(payment, TimeProvider.System)], None));

        await sender.StartAsync();
        Assert.Empty(sender.Queued());
        Assert.Empty(sender.Resumed);
        await receiver.StartAsync();
        var adopted = Assert.Single(receiver.Resumed);
        Assert.Equal((id, ProcessorKind.Default, 77L), (adopted.CorrelationId, adopted.PinnedTo!.Value, adopted.RequestedAt));
        Assert.True(adopted.AskFirst);
    }

    [Fact]
    public async Task Adopt_PinnedAndUnpinnedPayments_OnlyThePinnedOneIsAskedForFirst()
    {
        using var receiver = new JournalHarness();
        var store = await receiver.StartAsync();
        var pinned = new HandedOffPayment(Guid.NewGuid(), 1990, 1, ProcessorKind.Fallback, 42);
        var free = new HandedOffPayment(Guid.NewGuid(), 1990, 1, null, 0);

        Assert.Equal(2, await store.AdoptAsync([pinned, free], None));

        var resumed = Assert.Single(receiver.Resumed);
        Assert.Equal((pinned.CorrelationId, true), (resumed.CorrelationId, resumed.AskFirst));
        var queued = Assert.Single(receiver.Queued());
        Assert.Equal((free.CorrelationId, false), (queued.CorrelationId, queued.AskFirst));
    }

    [Fact]
    public async Task ReserveForPeer_SurvivesRestart_DuplicateHereAndAdoptedWhenThePeerHandsItOver()
    {
        using var journal = new JournalHarness();
        var store = await journal.StartAsync();
        var reserved = Guid.NewGuid();
        var released = Guid.NewGuid();
        Assert.Equal(SeenResult.New, store.ReserveForPeer(reserved, 1990));
        Assert.Equal(SeenResult.New, store.ReserveForPeer(released, 1990));
        store.ForgetPeerReservation(released);

        store = await journal.StartAsync();

        Assert.Equal(AcceptResult.Duplicate, await store.AcceptAsync(reserved, 1990, None));
        Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(released, 1990, None));
        journal.Queued();
        // The peer accepted the reserved payment and hands it over as it shuts down: it is this store's now.
        Assert.Equal(1, await store.AdoptAsync([new HandedOffPayment(reserved, 1990, 1, null, 0)], None));
        Assert.Equal(reserved, Assert.Single(journal.Queued()).CorrelationId);
    }

    private static void Flip(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0xFF));
    }
}
